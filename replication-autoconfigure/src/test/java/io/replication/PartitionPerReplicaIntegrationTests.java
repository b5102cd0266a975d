package io.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.replication.kafka.KafkaReplication;
import io.replication.status.ReplicaStatus;
import io.replication.status.StateStatus;
import io.replication.testapp.Counters;
import io.replication.testapp.CountersApplication;
import io.replication.testapp.InsufficientFundsException;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import io.replication.testapp.LedgerApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The partition-per-replica topology on a real broker: each replica reads its own
 * partition, every write goes to all of them in one transaction, and one writer writes at
 * a time.
 */
class PartitionPerReplicaIntegrationTests {

	private static final String[] TOPOLOGY = { "replication.topology=partition-per-replica",
			"replication.write-mode=transactional", "replication.replicas=a,b,c" };

	private static final String REPLICA = "replication.role=replica";

	private static final String FOUR = "replication.replicas=a,b,c,d";

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void everyReplicaAppliesTheWritesOfItsOwnPartitionInTheSameOrder() throws Exception {
		ConfigurableApplicationContext a = start("a");
		ConfigurableApplicationContext b = start("b", REPLICA);
		ConfigurableApplicationContext c = start("c", REPLICA);
		Ledger ledger = a.getBean(Ledger.class);
		for (int account = 0; account < 4; account++) {
			ledger.open("account-" + account, 100);
		}
		// Transfers from many callers share transactions; some fail for want of funds,
		// which depends on the order they are applied in.
		ExecutorService callers = Executors.newFixedThreadPool(8);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			int n = i;
			calls.add(callers.submit(() -> {
				try {
					ledger.transfer("account-" + (n % 4), "account-" + ((n * 7 + 1) % 4), 30 + n % 50);
				}
				catch (InsufficientFundsException ex) {
					// An outcome, the same on every replica.
				}
			}));
		}
		for (Future<?> call : calls) {
			call.get(30, TimeUnit.SECONDS);
		}
		callers.shutdown();
		long applied = ledger.applied();
		for (ConfigurableApplicationContext replica : List.of(b, c)) {
			await().atMost(Duration.ofSeconds(20)).until(() -> replica.getBean(Ledger.class).applied() == applied);
			assertThat(replica.getBean(Ledger.class).balances()).isEqualTo(ledger.balances());
		}
		List<List<String>> partitions = committedInvocations(3);
		assertThat(partitions.get(0)).hasSize(404);
		assertThat(partitions.get(1)).isEqualTo(partitions.get(0));
		assertThat(partitions.get(2)).isEqualTo(partitions.get(0));
	}

	@Test
	void statusShowsEachReplicasPartitionAndLagOnItsOwnPartitionOnly() {
		ConfigurableApplicationContext a = start("a");
		ConfigurableApplicationContext b = start("b", REPLICA);
		a.getBean(Ledger.class).open("alice", 10);
		await().atMost(Duration.ofSeconds(20)).until(() -> b.getBean(Ledger.class).applied() == 1);
		StateStatus status = await().atMost(Duration.ofSeconds(20))
			.until(() -> status(b), (state) -> state.status() == ReplicaStatus.LIVE && state.lag() == 0
					&& state.partitions().get(0).appliedOffset() >= 0 && state.partitions().get(0).endOffset() > 0);
		assertThat(status.topology()).isEqualTo("partition-per-replica");
		assertThat(status.replicaPartitions()).containsExactly(Map.entry("a", 0), Map.entry("b", 1), Map.entry("c", 2));
		assertThat(status.assignedPartitions()).containsExactly(1);
		assertThat(status.partitions()).singleElement().satisfies((partition) -> {
			assertThat(partition.partition()).isEqualTo(1);
			assertThat(partition.endOffset()).isPositive();
		});
		assertThat(b.getBean(KafkaReplication.class).appliedOffsets("ledger")).containsOnlyKeys(1);
		// Each replica commits its own partition's position, and lags on it alone.
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(b.getBean(KafkaReplication.class).clusterView("ledger")).anySatisfy((replica) -> {
						assertThat(replica.instanceId()).isEqualTo("b");
						assertThat(replica.committedOffsets()).containsOnlyKeys(1);
						assertThat(replica.lag()).isZero();
					}));
	}

	@Test
	void anotherInstanceAwaitingTheWritersPositionReadsTheWrite() {
		ConfigurableApplicationContext a = start("a");
		ConfigurableApplicationContext b = start("b", REPLICA);
		Ledger ledger = a.getBean(Ledger.class);
		ledger.open("alice", 0);
		for (int i = 0; i < 20; i++) {
			ledger.deposit("alice", 1);
		}
		ReplicationPosition written = a.getBean(ReplicationPositions.class).written();
		assertThat(written.offsets("ledger")).containsOnlyKeys(0);
		// b reads partition 1, where the writer's offsets of partition 0 mean nothing.
		b.getBean(ReplicationPositions.class).awaitApplied(written, Duration.ofSeconds(10));
		assertThat(b.getBean(Ledger.class).balances()).containsEntry("alice", 20L);
	}

	@Test
	void aJoiningReplicasPositionCoversTheHistoryItApplied() throws Exception {
		ConfigurableApplicationContext a = startCounters("a");
		startCounters("b", REPLICA);
		startCounters("c", REPLICA);
		Counters counters = a.getBean(Counters.class);
		for (int i = 0; i < 20; i++) {
			counters.increment("x");
		}
		ReplicationPosition history = a.getBean(ReplicationPositions.class).written();
		counters.increment("w");
		// d applies partition 0 up to the first command of its own partition, and stops
		// on w on the way: what it shows then comes from partition 0 alone, and the
		// position it answers reads with must cover it.
		ConfigurableApplicationContext d = startCounters("d", REPLICA, FOUR);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		d.getBean(Counters.class).holdNextIncrement("w", entered, release);
		a.close();
		ConfigurableApplicationContext writer = startCounters("a", FOUR);
		writer.getBean(Counters.class).increment("z");
		try {
			assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
			assertThat(d.getBean(Counters.class).counts()).containsEntry("x", 20L);
			assertThat(d.getBean(ReplicationPositions.class).applied().offsets("counters")).hasEntrySatisfying(0,
					(offset) -> assertThat(offset).isGreaterThanOrEqualTo(history.offsets("counters").get(0)));
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aReplicaRefusesWritesAndCreatesNoProducerThatWouldFenceTheWriter() {
		ConfigurableApplicationContext a = start("a");
		ConfigurableApplicationContext b = start("b", REPLICA);
		assertThatExceptionOfType(WriteRejectedException.class)
			.isThrownBy(() -> b.getBean(Ledger.class).open("alice", 1))
			.withMessageContaining("replication.role=replica");
		a.getBean(Ledger.class).open("alice", 1);
		assertThat(status(a).fenced()).isNull();
	}

	@Test
	void aSecondActiveInstanceTakesOverWritingAndTheFirstIsFenced() {
		ConfigurableApplicationContext a = start("a");
		a.getBean(Ledger.class).open("alice", 1);
		ConfigurableApplicationContext b = start("b");
		b.getBean(Ledger.class).deposit("alice", 1);
		assertThatExceptionOfType(ReplicationException.class)
			.isThrownBy(() -> a.getBean(Ledger.class).deposit("alice", 100));
		StateStatus fenced = await().atMost(Duration.ofSeconds(20))
			.until(() -> status(a), (state) -> state.status() == ReplicaStatus.FENCED);
		assertThat(fenced.fenced()).contains("another writer of this partition-per-replica state",
				"run the others with replication.role=replica");
		b.getBean(Ledger.class).deposit("alice", 1);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(a.getBean(Ledger.class).balances()).containsEntry("alice", 3L));
		assertThat(b.getBean(Ledger.class).balances()).containsEntry("alice", 3L);
	}

	@Test
	void aTransactionThatAbortsLeavesNoReplicaAnyPartOfIt() throws Exception {
		ConfigurableApplicationContext a = start("a", "replication.group-commit.max-wait=300ms");
		ConfigurableApplicationContext b = start("b", REPLICA);
		Ledger ledger = a.getBean(Ledger.class);
		ledger.open("alice", 0);
		// The broker refuses records larger than this; the producer sends them.
		limitRecordSize(100_000);
		CompletableFuture<Long> small = ledger.depositLater("bob", 5);
		String large = "x".repeat(200_000);
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> ledger.deposit(large, 1))
			.withMessageContaining("aborted");
		assertThat(small).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(WriteRejectedException.class);
		ledger.deposit("alice", 1);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(b.getBean(Ledger.class).balances()).containsEntry("alice", 1L));
		for (ConfigurableApplicationContext instance : List.of(a, b)) {
			assertThat(instance.getBean(Ledger.class).balances()).containsOnlyKeys("alice");
		}
		// The small deposit reached every partition, and was aborted on every one.
		List<List<String>> uncommitted = invocations(3, "read_uncommitted");
		List<List<String>> committed = committedInvocations(3);
		for (int partition = 0; partition < 3; partition++) {
			assertThat(uncommitted.get(partition)).hasSize(committed.get(partition).size() + 1);
		}
		assertThat(committed.get(1)).isEqualTo(committed.get(0)).isEqualTo(committed.get(2)).hasSize(2);
	}

	@Test
	void aFourthReplicaAddedUnderLoadEndsWithTheSameLedgerAsTheOthers() throws Exception {
		ConfigurableApplicationContext a = start("a");
		ConfigurableApplicationContext b = start("b", REPLICA);
		ConfigurableApplicationContext c = start("c", REPLICA);
		AtomicReference<Ledger> writer = new AtomicReference<>(a.getBean(Ledger.class));
		for (int account = 0; account < 4; account++) {
			writer.get().open("account-" + account, 1000);
		}
		AtomicLong acknowledged = new AtomicLong();
		AtomicBoolean loading = new AtomicBoolean(true);
		Thread load = new Thread(() -> {
			for (int n = 0; loading.get(); n++) {
				try {
					writer.get().transfer("account-" + (n % 4), "account-" + ((n * 7 + 1) % 4), 1 + n % 90);
					acknowledged.incrementAndGet();
				}
				catch (InsufficientFundsException ex) {
					acknowledged.incrementAndGet();
				}
				catch (ReplicationException ex) {
					// The writer is restarting.
				}
			}
		});
		load.start();
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> acknowledged.get() >= 100);
			ConfigurableApplicationContext d = start("d", REPLICA, FOUR);
			// Its partition was added and holds nothing, while partition 0 holds the
			// history: it waits for the writer to write to it.
			assertThat(status(d).status()).isEqualTo(ReplicaStatus.REPLAYING);
			long beforeRestart = acknowledged.get();
			a.close();
			ConfigurableApplicationContext restarted = start("a", FOUR);
			writer.set(restarted.getBean(Ledger.class));
			await().atMost(Duration.ofSeconds(30)).until(() -> acknowledged.get() >= beforeRestart + 100);
			loading.set(false);
			load.join(30_000);
			Ledger written = restarted.getBean(Ledger.class);
			for (ConfigurableApplicationContext replica : List.of(b, c, d)) {
				Ledger ledger = replica.getBean(Ledger.class);
				await().atMost(Duration.ofSeconds(30)).until(() -> ledger.applied() == written.applied());
				assertThat(ledger.balances()).isEqualTo(written.balances());
			}
			assertThat(status(d).status()).isEqualTo(ReplicaStatus.LIVE);
			assertThat(status(d).replicaPartitions()).containsEntry("d", 3);
		}
		finally {
			loading.set(false);
			load.join(30_000);
		}
	}

	private ConfigurableApplicationContext start(String instanceId, String... properties) {
		return start(LedgerApplication.class, instanceId, properties);
	}

	private ConfigurableApplicationContext startCounters(String instanceId, String... properties) {
		return start(CountersApplication.class, instanceId, properties);
	}

	private ConfigurableApplicationContext start(Class<?> application, String instanceId, String... properties) {
		List<String> all = new ArrayList<>(List.of(TOPOLOGY));
		all.addAll(List.of(properties));
		return this.instances.start(application, instanceId, all.toArray(String[]::new));
	}

	private static StateStatus status(ConfigurableApplicationContext instance) {
		return Objects.requireNonNull(instance.getBean(KafkaReplication.class).status("ledger"));
	}

	private void limitRecordSize(int bytes) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
			ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC,
					this.instances.topicPrefix() + "ledger");
			admin
				.incrementalAlterConfigs(
						Map.of(topic,
								List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", String.valueOf(bytes)),
										AlterConfigOp.OpType.SET))))
				.all()
				.get();
		}
	}

	private List<List<String>> committedInvocations(int partitions) {
		return invocations(partitions, "read_committed");
	}

	// The invocation ids each partition holds, in offset order.
	private List<List<String>> invocations(int partitions, String isolation) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers());
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
		List<List<String>> invocations = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			for (int partition = 0; partition < partitions; partition++) {
				TopicPartition topicPartition = new TopicPartition(this.instances.topicPrefix() + "ledger", partition);
				consumer.assign(List.of(topicPartition));
				consumer.seekToBeginning(List.of(topicPartition));
				long end = consumer.endOffsets(List.of(topicPartition)).get(topicPartition);
				List<String> ids = new ArrayList<>();
				while (consumer.position(topicPartition) < end) {
					for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
						ids.add(invocationId(record));
					}
				}
				invocations.add(ids);
			}
		}
		return invocations;
	}

	// A record's value holds its command's invocation id: equal values, equal commands.
	private static String invocationId(ConsumerRecord<String, byte[]> record) {
		return HexFormat.of().formatHex(record.value());
	}

}
