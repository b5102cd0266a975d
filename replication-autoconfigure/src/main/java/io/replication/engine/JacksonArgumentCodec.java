package io.replication.engine;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
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
 * <p>
 * Methods whose parameters are all strings, integers and booleans, or records of those,
 * have their plain values written and read without Jackson ({@link PlainJsonArguments}),
 * into the same JSON, once a round trip of samples has shown that this mapper writes and
 * reads them the same way.
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
		if (binding.plain != null) {
			byte[] json = binding.plain.encode(arguments);
			if (json != null) {
				return json;
			}
		}
		byte[] json;
		try {
			json = encode(binding, arguments);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException(
					"arguments of command '" + command.name() + "' cannot be written: " + ex.getOriginalMessage(), ex);
		}
		if (binding.plain == null) {
			readBack(command, binding, json);
		}
		return json;
	}

	private byte[] encode(Binding binding, @Nullable Object[] arguments) {
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

	/**
	 * Jackson writes what it may not read back as the declared type: the properties of an
	 * interface's implementation, say, with no concrete type to read them into. Such a
	 * record would halt every instance that applies it, the writer's own included, so it
	 * is refused before it is appended. Plain types (here, values that needed escaping)
	 * always read back: their binding was checked on samples.
	 */
	private void readBack(CommandDefinition command, Binding binding, byte[] json) {
		try {
			decode(command, binding, json);
		}
		catch (UnreadableCommandException ex) {
			String problem = (ex.getCause() instanceof JacksonException jackson) ? jackson.getOriginalMessage()
					: ex.getMessage();
			throw new IllegalArgumentException("arguments of command '" + command.name()
					+ "' would not read back as its parameter types, and every instance would halt at the record: "
					+ problem, ex);
		}
	}

	@Override
	public @Nullable Object[] decode(CommandDefinition command, byte[] payload) {
		Binding binding = binding(command);
		if (binding.plain != null) {
			@Nullable Object[] arguments = binding.plain.decode(payload);
			if (arguments != null) {
				return arguments;
			}
		}
		return decode(command, binding, payload);
	}

	private @Nullable Object[] decode(CommandDefinition command, Binding binding, byte[] payload) {
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

	/**
	 * Whether a command's plain values are written and read without Jackson.
	 * @param command the command
	 * @return {@code false} if its parameters are of other types, or the mapper writes or
	 * reads their values its own way
	 */
	boolean skipsJacksonForPlainValues(CommandDefinition command) {
		return binding(command).plain != null;
	}

	// Messages are built only on failure: decode runs once per applied record.
	private static UnreadableCommandException unreadable(CommandDefinition command, String problem) {
		return new UnreadableCommandException("arguments of command '" + command.name() + "': " + problem);
	}

	private Binding binding(CommandDefinition command) {
		// Looked up before computeIfAbsent, whose lambda captures the command: it would
		// be allocated on every write and every record applied.
		Binding known = this.bindings.get(command.method());
		if (known != null) {
			return known;
		}
		return this.bindings.computeIfAbsent(command.method(), (method) -> {
			Binding binding = new Binding(this.mapper, command);
			binding.plain = plainIfSameAsJackson(command, binding);
			return binding;
		});
	}

	/**
	 * The plain codec of a command, if it writes and reads the same as this mapper: a
	 * {@link tools.jackson.databind.JacksonModule module} or customizer can change how
	 * strings or numbers are written or read, and a record can have properties of its own
	 * beyond its components, and then Jackson does it all.
	 */
	private @Nullable PlainJsonArguments plainIfSameAsJackson(CommandDefinition command, Binding binding) {
		PlainJsonArguments plain = PlainJsonArguments.of(command.parameterTypes());
		if (plain == null || mixesIn(command.parameterTypes())) {
			return null;
		}
		List<@Nullable Object[]> samples = PlainSamples.of(plain);
		if (samples == null) {
			return null;
		}
		try {
			for (Object[] sample : samples) {
				byte[] json = plain.encode(sample);
				if (json == null || !Arrays.equals(json, encode(binding, sample))) {
					return null;
				}
				@Nullable Object[] read = plain.decode(json);
				if (read != null && !Arrays.equals(read, decode(command, binding, json))) {
					return null;
				}
			}
		}
		catch (RuntimeException ex) {
			// The mapper refused a sample (a deserializer of its own, say): what else it
			// refuses, only Jackson knows.
			return null;
		}
		return plain;
	}

	// A mix-in can change how a record's JSON is read in ways no sample shows.
	private boolean mixesIn(Type[] types) {
		for (Type type : types) {
			if (type instanceof Class<?> cls && (this.mapper.serializationConfig().findMixInClassFor(cls) != null
					|| this.mapper.deserializationConfig().findMixInClassFor(cls) != null)) {
				return true;
			}
		}
		return false;
	}

	private static final class Binding {

		private final ObjectWriter[] writers;

		private final ObjectReader[] readers;

		// Set once, before the binding is shared.
		private @Nullable PlainJsonArguments plain;

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
