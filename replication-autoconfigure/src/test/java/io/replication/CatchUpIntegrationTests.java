package io.replication;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.replication.kafka.KafkaReplication;
import io.replication.testapp.Audit;
import io.replication.testapp.Instances;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance far behind its log: a new one, reading in full batches.
 */
class CatchUpIntegrationTests {

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	/**
	 * Behind the log, full batches are applied on an apply thread while the consumer
	 * fetches the next one; every command is still applied once, in log order, and the
	 * positions reached are reported once the last batch is applied.
	 */
	@Test
	void newInstanceAppliesFullBatchesOnAnApplyThreadInLogOrder() throws Exception {
		this.instances.start("creator").close();
		String topic = this.instances.topicPrefix() + "audit";
		int commands = 3_210;
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < commands; i++) {
				producer.send(entry(topic, "entry-" + i));
			}
			producer.flush();
		}

		ConfigurableApplicationContext replayer = this.instances.start("replayer");
		Audit audit = replayer.getBean(Audit.class);
		KafkaReplication replication = replayer.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(replication.appliedOffsets("audit")).isEqualTo(Map.of(0, (long) commands)));
		List<String> expected = IntStream.range(0, commands).mapToObj((i) -> "entry-" + i).toList();
		assertThat(audit.entries()).containsExactlyElementsOf(expected);
		assertThat(audit.appliers()).anyMatch((thread) -> thread.startsWith("replication-pipeline-audit"));
		ReplicationPositions positions = replayer.getBean(ReplicationPositions.class);
		positions.awaitApplied(positions.committedEnd("audit"), Duration.ofSeconds(10));
		// Caught up, a new command is applied on the consumer thread once it is read.
		assertThat(audit.record("live")).isEqualTo(commands + 1);
	}

	private static ProducerRecord<String, byte[]> entry(String topic, String entry) {
		RecordHeaders headers = new RecordHeaders();
		headers.add("replication-state", bytes("audit"));
		headers.add("replication-command", bytes("record"));
		headers.add("replication-origin", bytes("producer"));
		headers.add("replication-invocation", bytes(UUID.randomUUID().toString()));
		headers.add("replication-format", bytes("1"));
		return new ProducerRecord<>(topic, null, (String) null, bytes("[\"" + entry + "\"]"), headers);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
