package io.replication.kafka;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
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

	CommandRecord fromConsumerRecord(ConsumerRecord<String, byte[]> record) {
		byte[] value = record.value();
		if (record.headers().lastHeader(FORMAT) != null) {
			return fromHeaders(record);
		}
		if (value == null || value.length < 2 || value[0] != MARKER) {
			throw new UnreadableCommandException(
					"record is not a command: it has neither a '" + FORMAT + "' header nor a command envelope");
		}
		int format = Byte.toUnsignedInt(value[1]);
		if (format > CommandRecord.FORMAT_VERSION) {
			throw UnreadableCommandException.newerFormat(format, CommandRecord.FORMAT_VERSION);
		}
		try {
			ByteBuffer buffer = ByteBuffer.wrap(value, 2, value.length - 2);
			UUID invocationId = new UUID(buffer.getLong(), buffer.getLong());
			EnvelopeNames.Names names = this.names.decodeNames(value, NAMES_OFFSET);
			byte[] arguments = Arrays.copyOfRange(value, NAMES_OFFSET + names.encodedLength(), value.length);
			return new CommandRecord(names.state(), names.command(), names.origin(), invocationId, format, record.key(),
					arguments, traceContext(record.headers()));
		}
		catch (BufferUnderflowException ex) {
			throw new UnreadableCommandException("record's command envelope is cut short (" + value.length + " bytes)");
		}
	}

	private static CommandRecord fromHeaders(ConsumerRecord<String, byte[]> record) {
		Headers headers = record.headers();
		int format = parse(FORMAT, header(headers, FORMAT), Integer::parseInt);
		if (record.value() == null) {
			throw new UnreadableCommandException("record has no value");
		}
		return new CommandRecord(header(headers, STATE), header(headers, COMMAND), header(headers, ORIGIN),
				parse(INVOCATION, header(headers, INVOCATION), UUID::fromString), format, record.key(), record.value());
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
