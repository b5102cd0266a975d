package io.replication.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings the starter gives its producers on top of the application's.
 */
class ReplicationClientsTests {

	private static final Map<String, Object> CONNECTION = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
			"127.0.0.1:9092");

	@Test
	void producersBatchUpTo256KiBPerPartitionUnlessTheApplicationSetsIt() {
		ReplicationClients clients = clients(CONNECTION);
		assertThat(settings(clients.idempotentTemplate("ledger"))).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG,
				256 * 1024);
		assertThat(settings(clients.snapshotTemplate("ledger"))).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG,
				256 * 1024);
	}

	@Test
	void batchSizeTheApplicationSetsIsKept() {
		ReplicationClients clients = clients(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
				ProducerConfig.BATCH_SIZE_CONFIG, 32_768));
		assertThat(settings(clients.idempotentTemplate("ledger"))).containsEntry(ProducerConfig.BATCH_SIZE_CONFIG,
				32_768);
	}

	@Test
	void producersDoNotLingerUnlessTheApplicationSetsIt() {
		assertThat(settings(clients(CONNECTION).idempotentTemplate("ledger")))
			.containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0);
	}

	@Test
	void writesKeepOneRequestInFlightUnlessTheApplicationSetsIt() {
		ReplicationClients clients = clients(CONNECTION);
		assertThat(settings(clients.idempotentTemplate("ledger")))
			.containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		// Snapshot chunks are large and not waited on by callers: Kafka's default.
		assertThat(settings(clients.snapshotTemplate("ledger")))
			.doesNotContainKey(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
	}

	@Test
	void requestsInFlightTheApplicationSetsAreKept() {
		ReplicationClients clients = clients(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092",
				ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5"));
		assertThat(settings(clients.idempotentTemplate("ledger")))
			.containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
	}

	private static ReplicationClients clients(Map<String, Object> producer) {
		return new ReplicationClients(producer, Map.of(), Map.of(), Duration.ofSeconds(30), List.of(), List.of());
	}

	private static Map<String, Object> settings(KafkaTemplate<String, byte[]> template) {
		return template.getProducerFactory().getConfigurationProperties();
	}

}
