package io.replication.kafka;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Function;

import io.replication.engine.CommandRecord;
import io.replication.engine.UnreadableCommandException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Maps commands to Kafka records and back: arguments in the value, everything else in
 * headers, readable with any console consumer.
 *
 * @author replication
 */
final class CommandRecordCodec {

	static final String STATE = "replication-state";

	static final String COMMAND = "replication-command";

	static final String ORIGIN = "replication-origin";

	static final String INVOCATION = "replication-invocation";

	static final String FORMAT = "replication-format";

	ProducerRecord<String, byte[]> toProducerRecord(String topic, CommandRecord command) {
		Headers headers = new RecordHeaders();
		headers.add(STATE, bytes(command.state()));
		headers.add(COMMAND, bytes(command.command()));
		headers.add(ORIGIN, bytes(command.origin()));
		headers.add(INVOCATION, bytes(command.invocationId().toString()));
		headers.add(FORMAT, bytes(Integer.toString(command.formatVersion())));
		return new ProducerRecord<>(topic, null, null, command.key(), command.arguments(), headers);
	}

	CommandRecord fromConsumerRecord(ConsumerRecord<String, byte[]> record) {
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

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
