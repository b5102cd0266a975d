package io.replication.kafka;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import io.replication.engine.CommandRecord;
import io.replication.engine.UnreadableCommandException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

/**
 * Maps commands to Kafka records and back.
 * <p>
 * Format 2, the one written, puts everything in the record value: a zero byte, the format
 * version, the invocation id (16 bytes), then state, command and origin (each an unsigned
 * 16-bit length and UTF-8), then the encoded arguments. Format 1, written by earlier
 * snapshots, kept all but the arguments in five string headers; Kafka parses every header
 * of every record, and reading them took about 30% of the apply thread's time. Format 1
 * records are still read.
 * <p>
 * A write traced by a tracer carries its trace context in record headers (for example
 * W3C's {@code traceparent}); untraced records have no headers. Every header other than
 * format 1's is read as trace context.
 *
 * @author replication
 */
final class CommandRecordCodec {

	// Format 1's headers. Format 2 records have none of them.
	static final String STATE = "replication-state";

	static final String COMMAND = "replication-command";

	static final String ORIGIN = "replication-origin";

	static final String INVOCATION = "replication-invocation";

	static final String FORMAT = "replication-format";

	private static final Set<String> FORMAT_1_HEADERS = Set.of(STATE, COMMAND, ORIGIN, INVOCATION, FORMAT);

	// The first byte of format 2 and later: never the first byte of format 1's JSON.
	private static final byte MARKER = 0;

	private static final int FIXED_SIZE = 2 + 16 + 3 * 2;

	// Marker, format and invocation id come before the names.
	private static final int NAMES_OFFSET = 2 + 16;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	private final EnvelopeNames names = new EnvelopeNames();

	ProducerRecord<String, byte[]> toProducerRecord(String topic, @Nullable Integer partition, CommandRecord command) {
		byte[] state = utf8(command.state());
		byte[] name = utf8(command.command());
		byte[] origin = utf8(command.origin());
		byte[] arguments = command.arguments();
		ByteBuffer value = ByteBuffer
			.allocate(FIXED_SIZE + state.length + name.length + origin.length + arguments.length);
		value.put(MARKER).put((byte) CommandRecord.FORMAT_VERSION);
		value.putLong(command.invocationId().getMostSignificantBits())
			.putLong(command.invocationId().getLeastSignificantBits());
		putString(value, state);
		putString(value, name);
		putString(value, origin);
		value.put(arguments);
		return new ProducerRecord<>(topic, partition, null, command.key(), value.array(),
				headers(command.traceContext()));
	}

	private static @Nullable Iterable<Header> headers(Map<String, String> traceContext) {
		if (traceContext.isEmpty()) {
			return null;
		}
		List<Header> headers = new ArrayList<>(traceContext.size());
		traceContext.forEach((name, value) -> headers.add(new RecordHeader(name, utf8(value))));
		return headers;
	}

	private static Map<String, String> traceContext(Headers headers) {
		Header[] all = headers.toArray();
		if (all.length == 0) {
			return Map.of();
		}
		Map<String, String> context = new HashMap<>(all.length * 2);
		for (Header header : all) {
			if (!FORMAT_1_HEADERS.contains(header.key()) && header.value() != null) {
				context.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
			}
		}
		return context;
	}

	/**
	 * Read a command from a consumed record. The value is read where the consumer left
	 * it, in the fetched bytes: only the arguments are copied out.
	 * @param record the record
	 * @return the command
	 * @throws UnreadableCommandException if the record holds no command this version
	 * reads
	 */
	CommandRecord fromConsumerRecord(ConsumerRecord<String, ByteBuffer> record) {
		if (record.headers().lastHeader(FORMAT) != null) {
			return fromHeaders(record);
		}
		ByteBuffer value = record.value();
		if (value == null || value.remaining() < 2 || value.get(value.position()) != MARKER) {
			throw new UnreadableCommandException(
					"record is not a command: it has neither a '" + FORMAT + "' header nor a command envelope");
		}
		int format = Byte.toUnsignedInt(value.get(value.position() + 1));
		if (format > CommandRecord.FORMAT_VERSION) {
			throw UnreadableCommandException.newerFormat(format, CommandRecord.FORMAT_VERSION);
		}
		byte[] source;
		int start;
		if (value.hasArray()) {
			source = value.array();
			start = value.arrayOffset() + value.position();
		}
		else {
			source = copy(value);
			start = 0;
		}
		int end = start + value.remaining();
		try {
			// The array holds other records' bytes after this one: check the length
			// before reading the id in place.
			if (end - start < FIXED_SIZE) {
				throw new BufferUnderflowException();
			}
			UUID invocationId = new UUID((long) LONGS.get(source, start + 2), (long) LONGS.get(source, start + 10));
			EnvelopeNames.Names names = this.names.decodeNames(source, start + NAMES_OFFSET, end);
			byte[] arguments = Arrays.copyOfRange(source, start + NAMES_OFFSET + names.encodedLength(), end);
			return new CommandRecord(names.state(), names.command(), names.origin(), invocationId, format, record.key(),
					arguments, traceContext(record.headers()));
		}
		catch (BufferUnderflowException ex) {
			throw new UnreadableCommandException(
					"record's command envelope is cut short (" + value.remaining() + " bytes)");
		}
	}

	private static CommandRecord fromHeaders(ConsumerRecord<String, ByteBuffer> record) {
		Headers headers = record.headers();
		int format = parse(FORMAT, header(headers, FORMAT), Integer::parseInt);
		if (record.value() == null) {
			throw new UnreadableCommandException("record has no value");
		}
		return new CommandRecord(header(headers, STATE), header(headers, COMMAND), header(headers, ORIGIN),
				parse(INVOCATION, header(headers, INVOCATION), UUID::fromString), format, record.key(),
				copy(record.value()));
	}

	// The bytes of a value the consumer holds elsewhere than in a heap array, or of a
	// format 1 record, whose whole value is its arguments.
	private static byte[] copy(ByteBuffer value) {
		byte[] bytes = new byte[value.remaining()];
		value.duplicate().get(bytes);
		return bytes;
	}

	private static String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		if (header == null || header.value() == null) {
			throw new UnreadableCommandException("record has no '" + name + "' header");
		}
		return new String(header.value(), StandardCharsets.UTF_8);
	}

	private static <T> T parse(String name, String value, Function<String, T> parser) {
		try {
			return parser.apply(value);
		}
		catch (IllegalArgumentException ex) {
			throw new UnreadableCommandException("header '" + name + "' has an unreadable value '" + value + "'");
		}
	}

	private static void putString(ByteBuffer buffer, byte[] utf8) {
		buffer.putShort((short) utf8.length);
		buffer.put(utf8);
	}

	private static byte[] utf8(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0xFFFF) {
			throw new IllegalArgumentException("'" + value.substring(0, 40) + "…' is longer than 65535 bytes");
		}
		return bytes;
	}

}
