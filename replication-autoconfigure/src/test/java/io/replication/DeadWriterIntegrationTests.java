package io.replication;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A writer that dies with a Kafka transaction open, made certain: a raw producer takes a
 * dead instance's transactional id, begins a transaction, sends, and is never heard of
 * again. In write mode {@code transactional} every {@code read_committed} reader waits
 * for that transaction to end, which is why {@code idempotent} is the default.
 */
class DeadWriterIntegrationTests {

	private static final String TRANSACTIONAL = "replication.write-mode=transactional";

	private final Instances instances = new Instances();

	private KafkaProducer<String, byte[]> deadWriter;

	@AfterEach
	void stop() {
		if (this.deadWriter != null) {
			this.deadWriter.close(Duration.ZERO);
		}
		this.instances.close();
	}

	@Test
	void deadWritersOpenTransactionHoldsWritesBackOnlyUntilTheBrokerAbortsIt() throws Exception {
		Ledger ledger = this.instances.start("a", TRANSACTIONAL, "replication.write-timeout=60s").getBean(Ledger.class);
		ledger.deposit("alice", 1);
		dieInTransaction("c");
		long start = System.nanoTime();
		assertThat(ledger.deposit("alice", 1)).isEqualTo(2);
		Duration held = Duration.ofNanos(System.nanoTime() - start);
		System.out.println("[dead-writer] transactional: a write waited " + held.toMillis()
				+ " ms for a dead writer's open transaction to be aborted");
		// transaction.timeout.ms (10 s) plus the broker's check every 10 s.
		assertThat(held).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(30));
	}

	@Test
	void deadWriterRestartedWithItsInstanceIdEndsItsOpenTransactionAtOnce() throws Exception {
		Ledger ledger = this.instances.start("a", TRANSACTIONAL, "replication.write-timeout=60s").getBean(Ledger.class);
		ledger.deposit("alice", 1);
		dieInTransaction("c");
		CompletableFuture<Long> held = CompletableFuture.supplyAsync(() -> ledger.deposit("alice", 1));
		long start = System.nanoTime();
		ConfigurableApplicationContext restarted = this.instances.start("c", TRANSACTIONAL);
		assertThat(held.get(8, TimeUnit.SECONDS)).isEqualTo(2);
		System.out.println("[dead-writer] transactional, restarted: the held write completed "
				+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms after the restart began");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(restarted.getBean(Ledger.class).balances()).containsEntry("alice", 2L));
	}

	// The dead instance's first transactional id, a transaction begun with a record in
	// it,
	// and then nothing: what kill -9 in the middle of a group commit leaves.
	private void dieInTransaction(String instanceId) throws Exception {
		String topic = this.instances.topicPrefix() + "ledger";
		this.deadWriter = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers(),
						ProducerConfig.TRANSACTIONAL_ID_CONFIG,
						this.instances.topicPrefix() + "ledger." + instanceId + ".0",
						ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000),
				new StringSerializer(), new ByteArraySerializer());
		this.deadWriter.initTransactions();
		this.deadWriter.beginTransaction();
		this.deadWriter.send(new ProducerRecord<>(topic, new byte[] { 0, 2 })).get();
	}

}
