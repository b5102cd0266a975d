package io.replication.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.replication.engine.CommandRecord;
import io.replication.engine.UnreadableCommandException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The record format, written and read back without a broker.
 */
class CommandRecordCodecTests {

	private final CommandRecordCodec codec = new CommandRecordCodec();

	@Test
	void commandRoundTripsThroughTheValueAlone() {
		CommandRecord command = new CommandRecord("ledger", "deposit", "node-ü", UUID.randomUUID(),
				CommandRecord.FORMAT_VERSION, "alice", bytes("[\"alice\",5]"));
		ProducerRecord<String, byte[]> written = this.codec.toProducerRecord("replication.ledger", null, command);
		assertThat(written.headers().toArray()).isEmpty();
		assertThat(written.key()).isEqualTo("alice");
		CommandRecord read = this.codec
			.fromConsumerRecord(consumed(written.key(), written.value(), new RecordHeaders()));
		assertThat(read).usingRecursiveComparison().isEqualTo(command);
	}

	@Test
	void traceContextTravelsInHeadersBesideTheValue() {
		CommandRecord command = new CommandRecord("ledger", "deposit", "node-1", UUID.randomUUID(),
				CommandRecord.FORMAT_VERSION, null, bytes("[\"alice\",5]"),
				Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		ProducerRecord<String, byte[]> written = this.codec.toProducerRecord("replication.ledger", null, command);
		assertThat(written.headers().lastHeader("traceparent").value())
			.isEqualTo(bytes("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		CommandRecord read = this.codec.fromConsumerRecord(consumed(null, written.value(), written.headers()));
		assertThat(read).usingRecursiveComparison().isEqualTo(command);
	}

	@Test
	void formatOneRecordsWithHeadersAreStillRead() {
		UUID invocation = UUID.randomUUID();
		RecordHeaders headers = new RecordHeaders();
		headers.add(CommandRecordCodec.STATE, bytes("ledger"));
		headers.add(CommandRecordCodec.COMMAND, bytes("deposit"));
		headers.add(CommandRecordCodec.ORIGIN, bytes("node-1"));
		headers.add(CommandRecordCodec.INVOCATION, bytes(invocation.toString()));
		headers.add(CommandRecordCodec.FORMAT, bytes("1"));
		CommandRecord read = this.codec.fromConsumerRecord(consumed(null, bytes("[\"alice\",5]"), headers));
		assertThat(read).usingRecursiveComparison()
			.isEqualTo(new CommandRecord("ledger", "deposit", "node-1", invocation, 1, null, bytes("[\"alice\",5]")));
	}

	@Test
	void newerFormatIsRefusedWithoutReadingFurther() {
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(
					() -> this.codec.fromConsumerRecord(consumed(null, new byte[] { 0, 3, 42 }, new RecordHeaders())))
			.withMessage("record format version 3 is newer than this instance reads (2): upgrade this instance");
	}

	@Test
	void valueWithoutEnvelopeOrHeadersIsNotACommand() {
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(
					() -> this.codec.fromConsumerRecord(consumed(null, bytes("[\"alice\",5]"), new RecordHeaders())))
			.withMessageContaining("neither a 'replication-format' header nor a command envelope");
	}

	@Test
	void envelopeCutShortAnywhereIsUnreadable() {
		byte[] whole = this.codec
			.toProducerRecord("t", null,
					new CommandRecord("ledger", "deposit", "node-1", UUID.randomUUID(), 2, null, new byte[0]))
			.value();
		for (int length = 2; length < whole.length; length++) {
			byte[] cut = Arrays.copyOf(whole, length);
			assertThatExceptionOfType(UnreadableCommandException.class).as("cut to %d bytes", length)
				.isThrownBy(() -> this.codec.fromConsumerRecord(consumed(null, cut, new RecordHeaders())))
				.withMessageContaining("cut short");
		}
	}

	@Test
	void consecutiveRecordsEachReadTheirOwnNames() {
		List<CommandRecord> commands = List.of(command("ledger", "deposit", "node-1"),
				command("ledger", "deposit", "node-1"), command("ledger", "deposit", "node-2"),
				command("ledger", "deposit", "node-1"), command("ledger", "withdraw", "node-1"),
				command("ledgerd", "eposit", "node-1"), command("ledger", "deposit", "node-1"));
		for (CommandRecord command : commands) {
			byte[] value = this.codec.toProducerRecord("t", null, command).value();
			assertThat(this.codec.fromConsumerRecord(consumed(null, value, new RecordHeaders())))
				.usingRecursiveComparison()
				.isEqualTo(command);
		}
	}

	@Test
	void aValueOutsideAHeapArrayReadsTheSameAndKeepsItsPosition() {
		CommandRecord command = command("ledger", "deposit", "node-1");
		byte[] value = this.codec.toProducerRecord("t", null, command).value();
		ByteBuffer direct = ByteBuffer.allocateDirect(value.length).put(value).flip();
		ConsumerRecord<String, ByteBuffer> record = consumed(null, direct, new RecordHeaders());
		assertThat(this.codec.fromConsumerRecord(record)).usingRecursiveComparison().isEqualTo(command);
		assertThat(direct.position()).isZero();
		ConsumerRecord<String, ByteBuffer> heap = consumed(null, value, new RecordHeaders());
		this.codec.fromConsumerRecord(heap);
		assertThat(heap.value().remaining()).isEqualTo(value.length);
	}

	private static CommandRecord command(String state, String command, String origin) {
		return new CommandRecord(state, command, origin, UUID.randomUUID(), CommandRecord.FORMAT_VERSION, null,
				bytes("[\"" + origin + "\"]"));
	}

	// The value as the consumer hands it over: a slice of the fetched bytes, with other
	// records' bytes on both sides.
	private static ConsumerRecord<String, ByteBuffer> consumed(String key, byte[] value, Headers headers) {
		byte[] fetched = new byte[value.length + 10];
		Arrays.fill(fetched, (byte) 0x5A);
		System.arraycopy(value, 0, fetched, 3, value.length);
		return consumed(key, ByteBuffer.wrap(fetched, 3, value.length).slice(), headers);
	}

	private static ConsumerRecord<String, ByteBuffer> consumed(String key, ByteBuffer value, Headers headers) {
		return new ConsumerRecord<>("replication.ledger", 0, 7L, 0L, TimestampType.LOG_APPEND_TIME, 0,
				value.remaining(), key, value, headers, Optional.empty());
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
