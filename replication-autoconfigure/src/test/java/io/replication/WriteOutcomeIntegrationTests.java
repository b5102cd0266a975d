package io.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.replication.kafka.KafkaReplication;
import io.replication.status.ReplicaStatus;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What writers are told when a state stops applying or appending on their instance, and
 * that positions never move backwards. The write timeout is long (20 s), so every answer
 * checked here comes at once, not from a timeout.
 */
class WriteOutcomeIntegrationTests {

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void haltedStateRejectsWritesAtOnceAndFailsEveryWaitingCall() throws Exception {
		ConfigurableApplicationContext context = this.instances.start("a");
		Ledger ledger = context.getBean(Ledger.class);
		ledger.deposit("alice", 1);
		PoisonRecordIntegrationTests.writeRaw(this.instances.topicPrefix() + "ledger", new RecordHeaders(),
				new byte[] { 0, 9 });
		List<CompletableFuture<Long>> waiting = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			waiting.add(ledger.depositLater("alice", 1));
		}
		KafkaReplication replication = context.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> replication.halt("ledger") != null);
		long start = System.nanoTime();
		for (CompletableFuture<Long> call : waiting) {
			assertThat(call).failsWithin(Duration.ofSeconds(5))
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(ReplicationException.class)
				.withMessageContaining("halted at ledger-0@1");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> ledger.deposit("alice", 1))
			.withMessageContaining("does not take writes on this instance: it halted at ledger-0@1");
		assertThat(replication.status("ledger").status()).isEqualTo(ReplicaStatus.HALTED);
	}

	@Test
	void commandThatThrowsAnErrorHaltsItsStateInsteadOfCountingAsItsOutcome() {
		ConfigurableApplicationContext context = this.instances.start("a");
		Ledger ledger = context.getBean(Ledger.class);
		ledger.deposit("alice", 10);
		assertThatExceptionOfType(WriteOutcomeUnknownException.class)
			.isThrownBy(() -> ledger.depositHalfThenOverflow("alice", 4))
			.withMessageContaining("threw java.lang.StackOverflowError: simulated while applied");
		KafkaReplication replication = context.getBean(KafkaReplication.class);
		assertThat(replication.halt("ledger").position().offset()).isEqualTo(1);
		assertThat(replication.appliedOffsets("ledger")).isEqualTo(Map.of(0, 1L));
		// Reads see the half change: the position they are answered with covers it.
		assertThat(ledger.balances()).containsEntry("alice", 12L);
		assertThat(context.getBean(ReplicationPositions.class).applied().offsets("ledger")).containsEntry(0, 2L);
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> ledger.deposit("alice", 1));
	}

	@Test
	void writeWhoseArgumentsWouldNotReadBackIsRejectedAndNothingIsAppended() throws Exception {
		ConfigurableApplicationContext context = this.instances.start("a");
		Ledger ledger = context.getBean(Ledger.class);
		ledger.deposit("alice", 1);
		assertThatExceptionOfType(WriteRejectedException.class)
			.isThrownBy(() -> ledger.annotate("alice", () -> "paid in cash"))
			.withMessageStartingWith(
					"Write 'ledger.annotate' refused: arguments of command 'annotate' would not read back")
			.withMessageContaining("Cannot construct instance of");
		ledger.deposit("alice", 1);
		KafkaReplication replication = context.getBean(KafkaReplication.class);
		assertThat(replication.halt("ledger")).isNull();
		assertThat(endOffset(new TopicPartition(this.instances.topicPrefix() + "ledger", 0))).isEqualTo(2);
		// Nothing in the log for a replica to halt at either.
		ConfigurableApplicationContext replica = this.instances.start("b");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> replica.getBean(Ledger.class).balances().getOrDefault("alice", 0L) == 2L);
		assertThat(replica.getBean(KafkaReplication.class).halt("ledger")).isNull();
	}

	@Test
	void writeWhoseArgumentsCannotBeWrittenIsRejected() {
		ConfigurableApplicationContext context = this.instances.start("a");
		Ledger ledger = context.getBean(Ledger.class);
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> ledger.annotate("alice", () -> {
			throw new IllegalStateException("no text yet");
		}))
			.withMessageStartingWith(
					"Write 'ledger.annotate' refused: arguments of command 'annotate' cannot be written: no text yet")
			.withRootCauseInstanceOf(IllegalStateException.class);
		assertThat(ledger.deposit("alice", 1)).isEqualTo(1);
	}

	@Test
	void replicaWhoseLogNoLongerStartsWhereItNeedsHaltsInsteadOfSkipping() throws Exception {
		Ledger writer = this.instances.start("a").getBean(Ledger.class);
		for (int i = 0; i < 5; i++) {
			writer.deposit("alice", 1);
		}
		String topic = this.instances.topicPrefix() + "ledger";
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
			admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(3)))
				.all()
				.get(10, TimeUnit.SECONDS);
		}
		ConfigurableApplicationContext late = this.instances.start("b");
		KafkaReplication replication = late.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> replication.halt("ledger") != null);
		assertThat(replication.halt("ledger").reason())
			.contains("partition 0 starts at offset 3, but this instance needs offset 0 next");
		assertThat(late.getBean(Ledger.class).balances()).isEmpty();
		assertThat(replication.isCaughtUp()).isFalse();
	}

	@Test
	void writesInFlightWhenAnInstanceStopsCompleteOrFailTruthfully() throws Exception {
		ConfigurableApplicationContext writer = this.instances.start("a");
		ConfigurableApplicationContext observer = this.instances.start("b");
		Ledger ledger = writer.getBean(Ledger.class);
		List<CompletableFuture<Long>> writes = new ArrayList<>();
		for (int i = 0; i < 5000; i++) {
			writes.add(ledger.depositLater("account-" + i, 1));
		}
		long stopping = System.nanoTime();
		writer.close();
		List<Throwable> outcomes = new ArrayList<>();
		for (CompletableFuture<Long> write : writes) {
			outcomes.add(write.handle((balance, failure) -> failure).get(5, TimeUnit.SECONDS));
		}
		// Every call ended with the stop, not at its 20 s timeout.
		assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(15));
		awaitEverythingApplied(observer);
		Map<String, Long> balances = observer.getBean(Ledger.class).balances();
		int acknowledged = 0;
		int rejected = 0;
		int unknown = 0;
		for (int i = 0; i < outcomes.size(); i++) {
			Throwable failure = outcomes.get(i);
			String account = "account-" + i;
			if (failure == null) {
				acknowledged++;
				assertThat(balances).as("acknowledged %s", account).containsEntry(account, 1L);
			}
			else if (failure instanceof WriteRejectedException) {
				rejected++;
				assertThat(balances).as("rejected %s", account).doesNotContainKey(account);
			}
			else {
				assertThat(failure).isInstanceOf(WriteOutcomeUnknownException.class);
				unknown++;
			}
		}
		System.out.println("[stop] 5000 writes in flight at stop: acknowledged " + acknowledged + ", rejected "
				+ rejected + ", unknown " + unknown);
	}

	private void awaitEverythingApplied(ConfigurableApplicationContext instance) throws Exception {
		long end = endOffset(new TopicPartition(this.instances.topicPrefix() + "ledger", 0));
		KafkaReplication replication = instance.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> replication.appliedOffsets("ledger").getOrDefault(0, 0L) >= end);
	}

	private static long endOffset(TopicPartition partition) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
			return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
				.partitionResult(partition)
				.get(10, TimeUnit.SECONDS)
				.offset();
		}
	}

}
