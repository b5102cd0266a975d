package io.replication;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.replication.kafka.KafkaReplication;
import io.replication.status.StateHalt;
import io.replication.testapp.Audit;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Records no instance can apply, written to a state's topic by a raw producer.
 */
class PoisonRecordIntegrationTests {

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	static Stream<Arguments> poison() {
		return Stream.of(
				Arguments.of("plain text, no envelope and no headers", new RecordHeaders(), bytes("garbage"),
						"neither a 'replication-format' header nor a command envelope"),
				Arguments.of("newer format", new RecordHeaders(), new byte[] { 0, 3, 1, 2, 3 },
						"record format version 3 is newer than this instance reads (2)"),
				Arguments.of("envelope cut short", new RecordHeaders(), new byte[] { 0, 2, 1, 2, 3 },
						"command envelope is cut short"),
				// Format 1, headers and a JSON value: still read, so these reach the
				// command.
				Arguments.of("unknown command", headers("explode", "1"), bytes("[]"), "unknown command 'explode'"),
				Arguments.of("undecodable arguments", headers("deposit", "1"), bytes("{not json"),
						"arguments of command 'deposit': arguments are not a JSON array"),
				Arguments.of("wrong argument types", headers("deposit", "1"), bytes("[\"alice\",\"lots\"]"),
						"arguments of command 'deposit' do not decode"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("poison")
	void poisonRecordHaltsItsStateAtItsOffsetOnEveryInstanceAndNothingElse(String kind, RecordHeaders headers,
			byte[] value, String reason) throws Exception {
		ConfigurableApplicationContext a = this.instances.start("a", "replication.write-timeout=3s");
		ConfigurableApplicationContext b = this.instances.start("b", "replication.write-timeout=3s");
		Ledger ledger = a.getBean(Ledger.class);
		ledger.deposit("alice", 1);
		long poisonOffset = writeRaw(this.instances.topicPrefix() + "ledger", headers, value);

		// Refused at once if the state halted first, else failed by the halt: never a
		// timeout.
		assertThatExceptionOfType(ReplicationException.class).isThrownBy(() -> ledger.deposit("alice", 1))
			.withMessageContaining("halted at ledger-0@" + poisonOffset);
		for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[] { a, b }) {
			KafkaReplication replication = instance.getBean(KafkaReplication.class);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(replication.halt("ledger")).isNotNull());
			StateHalt halt = replication.halt("ledger");
			assertThat(halt.position().offset()).isEqualTo(poisonOffset);
			assertThat(halt.reason()).contains(reason);
			// The deposit at offset 0 is applied; nothing from the poison on.
			assertThat(replication.appliedOffsets("ledger")).isEqualTo(Map.of(0, 1L));
			assertThat(instance.getBean(Ledger.class).balances()).isEqualTo(Map.of("alice", 1L));
			assertThat(replication.halt("audit")).isNull();
		}
		assertThat(a.getBean(Audit.class).record("still working")).isEqualTo(1);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(b.getBean(Audit.class).entries()).containsExactly("still working"));
	}

	static Stream<Arguments> poisonInALongLog() {
		return Stream.of(Arguments.of("no envelope", new RecordHeaders(), bytes("garbage"), "neither a"),
				Arguments.of("undecodable arguments", headers("audit", "record", "1"), bytes("{not json"),
						"arguments of command 'record': arguments are not a JSON array"));
	}

	/**
	 * A new instance reads a long log in batches of many records (up to the consumer's
	 * 500): it applies every command before the poison, in log order, and none after it.
	 * Any change that decodes or applies a batch other than record by record must keep
	 * this.
	 */
	@ParameterizedTest(name = "{0}")
	@MethodSource("poisonInALongLog")
	void poisonInALongLogHaltsAReplayExactlyThere(String kind, RecordHeaders poisonHeaders, byte[] poison,
			String reason) throws Exception {
		this.instances.start("creator").close();
		String topic = this.instances.topicPrefix() + "audit";
		int before = 2_345;
		int after = 1_500;
		long poisonOffset;
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < before; i++) {
				producer.send(entry(topic, "before-" + i));
			}
			poisonOffset = producer.send(new ProducerRecord<>(topic, null, (String) null, poison, poisonHeaders))
				.get()
				.offset();
			for (int i = 0; i < after; i++) {
				producer.send(entry(topic, "after-" + i));
			}
			producer.flush();
		}
		assertThat(poisonOffset).isEqualTo(before);

		ConfigurableApplicationContext replayer = this.instances.start("replayer");
		KafkaReplication replication = replayer.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(replication.halt("audit")).isNotNull());
		assertThat(replication.halt("audit").position().offset()).isEqualTo(poisonOffset);
		assertThat(replication.halt("audit").reason()).contains(reason);
		assertThat(replication.appliedOffsets("audit")).isEqualTo(Map.of(0, poisonOffset));
		assertThat(replayer.getBean(Audit.class).entries())
			.containsExactlyElementsOf(IntStream.range(0, before).mapToObj((i) -> "before-" + i).toList());
	}

	private static ProducerRecord<String, byte[]> entry(String topic, String entry) {
		return new ProducerRecord<>(topic, null, (String) null, bytes("[\"" + entry + "\"]"),
				headers("audit", "record", "1"));
	}

	private static RecordHeaders headers(String command, String format) {
		return headers("ledger", command, format);
	}

	private static RecordHeaders headers(String state, String command, String format) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("replication-state", bytes(state));
		headers.add("replication-command", bytes(command));
		headers.add("replication-origin", bytes("intruder"));
		headers.add("replication-invocation", bytes(UUID.randomUUID().toString()));
		headers.add("replication-format", bytes(format));
		return headers;
	}

	// Also the poison of WriteOutcomeIntegrationTests.
	static long writeRaw(String topic, RecordHeaders headers, byte[] value) throws Exception {
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, null, (String) null, value, headers))
				.get();
			return metadata.offset();
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
