package io.replication.engine;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Encodes arguments as a JSON array, each element written and read as the method's
 * generic parameter type. Nothing in a record chooses a type, so a record cannot make the
 * mapper build anything the method does not declare.
 *
 * @author replication
 */
public final class JacksonArgumentCodec implements ArgumentCodec {

	private final JsonMapper mapper;

	private final Map<Method, Binding> bindings = new ConcurrentHashMap<>();

	public JacksonArgumentCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public byte[] encode(CommandDefinition command, @Nullable Object[] arguments) {
		Binding binding = binding(command);
		ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * arguments.length);
		try (JsonGenerator generator = this.mapper.createGenerator(out)) {
			generator.writeStartArray();
			for (int i = 0; i < arguments.length; i++) {
				binding.writers[i].writeValue(generator, arguments[i]);
			}
			generator.writeEndArray();
		}
		return out.toByteArray();
	}

	@Override
	public @Nullable Object[] decode(CommandDefinition command, byte[] payload) {
		Binding binding = binding(command);
		@Nullable Object[] arguments = new Object[binding.readers.length];
		try (JsonParser parser = this.mapper.createParser(payload)) {
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				throw unreadable(command, "arguments are not a JSON array");
			}
			for (int i = 0; i < arguments.length; i++) {
				JsonToken token = parser.nextToken();
				if (token == null || token == JsonToken.END_ARRAY) {
					throw unreadable(command, "record has " + i + " arguments, the method takes " + arguments.length);
				}
				arguments[i] = binding.readers[i].readValue(parser);
			}
			if (parser.nextToken() != JsonToken.END_ARRAY) {
				throw unreadable(command, "record has more arguments than the method's " + arguments.length);
			}
		}
		catch (JacksonException ex) {
			throw new UnreadableCommandException(
					"arguments of command '" + command.name() + "' do not decode: " + ex.getOriginalMessage(), ex);
		}
		return arguments;
	}

	// Messages are built only on failure: decode runs once per applied record.
	private static UnreadableCommandException unreadable(CommandDefinition command, String problem) {
		return new UnreadableCommandException("arguments of command '" + command.name() + "': " + problem);
	}

	private Binding binding(CommandDefinition command) {
		return this.bindings.computeIfAbsent(command.method(), (method) -> new Binding(this.mapper, command));
	}

	private static final class Binding {

		private final ObjectWriter[] writers;

		private final ObjectReader[] readers;

		Binding(JsonMapper mapper, CommandDefinition command) {
			Type[] types = command.parameterTypes();
			this.writers = new ObjectWriter[types.length];
			this.readers = new ObjectReader[types.length];
			for (int i = 0; i < types.length; i++) {
				this.writers[i] = mapper.writerFor(mapper.constructType(types[i]));
				// Each argument is one element of the array: the rest of it follows.
				this.readers[i] = mapper.readerFor(mapper.constructType(types[i]))
					.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
			}
		}

	}

}
