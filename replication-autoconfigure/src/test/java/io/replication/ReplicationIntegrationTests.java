package io.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

import io.replication.kafka.KafkaReplication;
import io.replication.status.ReplicaStatus;
import io.replication.testapp.Audit;
import io.replication.testapp.InsufficientFundsException;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of one service on a real broker.
 */
class ReplicationIntegrationTests {

	private static final String TRANSACTIONAL = "replication.write-mode=transactional";

	private static final int ACCOUNTS = 10;

	private static final long OPENING_BALANCE = 1_000;

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void concurrentWritesFromEveryInstanceConvergeToIdenticalState() throws Exception {
		List<Ledger> ledgers = List.of(ledger(this.instances.start("a")), ledger(this.instances.start("b")),
				ledger(this.instances.start("c")));
		openAccounts(ledgers.get(0));
		AtomicInteger refused = new AtomicInteger();
		ExecutorService callers = Executors.newFixedThreadPool(12);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int caller = 0; caller < 12; caller++) {
				Ledger ledger = ledgers.get(caller % ledgers.size());
				done.add(callers.submit(() -> randomTransfers(ledger, 50, refused)));
			}
			for (Future<?> future : done) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			callers.shutdownNow();
		}
		Ledger writer = ledgers.get(0);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> ledgers.forEach((ledger) -> assertThat(ledger.applied()).isEqualTo(writer.applied())));
		for (Ledger ledger : ledgers) {
			assertThat(ledger.balances()).isEqualTo(writer.balances());
			assertThat(ledger.total()).isEqualTo(ACCOUNTS * OPENING_BALANCE);
			assertThat(ledger.balances().values()).allMatch((balance) -> balance >= 0);
		}
		assertThat(writer.applied()).isEqualTo(ACCOUNTS + 12 * 50);
	}

	@Test
	void writerSeesReturnValuesAndExceptionsAndTheLogMovesOn() throws Exception {
		Ledger writer = ledger(this.instances.start("a"));
		Ledger other = ledger(this.instances.start("b"));
		writer.open("alice", 100);
		assertThat(writer.deposit("alice", 50)).isEqualTo(150);
		assertThatExceptionOfType(InsufficientFundsException.class)
			.isThrownBy(() -> writer.transfer("alice", "bob", 500))
			.withMessage("account alice holds 150, cannot move 500");
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> writer.open("alice", 1))
			.withMessage("account alice exists");
		assertThat(writer.depositLater("alice", 10).get(20, TimeUnit.SECONDS)).isEqualTo(160);
		assertThat(writer.balances()).isEqualTo(Map.of("alice", 160L));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(other.balances()).isEqualTo(writer.balances()));
	}

	@Test
	void writeIsVisibleOnTheWritingInstanceWhenTheCallReturns() {
		Ledger writer = ledger(this.instances.start("a"));
		for (int i = 1; i <= 20; i++) {
			writer.deposit("alice", 1);
			assertThat(writer.balances()).containsEntry("alice", (long) i);
		}
		assertThat(writer.lastTimestamp()).isZero();
		writer.open("bob", 0);
		assertThat(writer.lastTimestamp()).isPositive();
	}

	@Test
	void instanceStartedAfterTheWritesRebuildsTheSameState() throws Exception {
		Ledger writer = ledger(this.instances.start("a"));
		openAccounts(writer);
		randomTransfers(writer, 100, new AtomicInteger());
		Ledger late = ledger(this.instances.start("late"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(late.balances()).isEqualTo(writer.balances()));
		assertThat(late.applied()).isEqualTo(writer.applied());
	}

	@Test
	void restartedInstanceRebuildsItsStateFromTheLog() {
		ConfigurableApplicationContext first = this.instances.start("a");
		ledger(first).open("alice", 7);
		ledger(first).deposit("alice", 3);
		first.close();
		Ledger restarted = ledger(this.instances.start("a"));
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(restarted.balances()).isEqualTo(Map.of("alice", 10L)));
		assertThat(restarted.deposit("alice", 1)).isEqualTo(11);
	}

	@Test
	void replicaRoleInstanceRefusesWritesAndAppliesOthers() {
		Ledger active = ledger(this.instances.start("active"));
		Ledger replica = ledger(this.instances.start("replica", "replication.role=replica"));
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> replica.deposit("alice", 1))
			.withMessageContaining("replication.role=replica");
		active.deposit("alice", 5);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(replica.balances()).isEqualTo(Map.of("alice", 5L)));
	}

	// Producer fencing exists in write mode 'transactional' only: see the next test for
	// fencing through the consumer group, in either mode.
	@Test
	void secondProcessWithTheSameInstanceIdFencesTheFirst() {
		ConfigurableApplicationContext olderContext = this.instances.start("twin", TRANSACTIONAL);
		Ledger older = ledger(olderContext);
		older.deposit("alice", 1);
		ConfigurableApplicationContext newerContext = this.instances.start("twin", TRANSACTIONAL);
		// Live means its consumers joined the group and its producer took over.
		await().atMost(Duration.ofSeconds(30)).until(() -> newerContext.getBean(KafkaReplication.class).isCaughtUp());
		Ledger newer = ledger(newerContext);
		assertThatExceptionOfType(ReplicationException.class).isThrownBy(() -> older.deposit("alice", 10));
		KafkaReplication olderReplication = olderContext.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> olderReplication.status("ledger").status() == ReplicaStatus.FENCED);
		assertThatExceptionOfType(ReplicationException.class).isThrownBy(() -> older.deposit("alice", 100))
			.withMessageContaining("fenced by another process started with the same replication.instance-id");
		assertThat(newer.deposit("alice", 1000)).isEqualTo(1001);
		// The older process's consumer is fenced from the group too, so it may stop
		// before applying the newer's write; it never holds a write the newer lacks.
		assertThat(older.balances().get("alice")).isIn(1L, 1001L);
	}

	@Test
	void olderProcessThatDoesNotWriteIsFencedThroughItsConsumers() {
		ConfigurableApplicationContext olderContext = this.instances.start("twin");
		ledger(olderContext).deposit("alice", 1);
		ConfigurableApplicationContext newerContext = this.instances.start("twin");
		await().atMost(Duration.ofSeconds(30)).until(() -> newerContext.getBean(KafkaReplication.class).isCaughtUp());
		KafkaReplication olderReplication = olderContext.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> olderReplication.status("ledger").status() == ReplicaStatus.FENCED);
		assertThat(olderReplication.status("ledger").fenced()).contains("its consumer was fenced from group");
		assertThatExceptionOfType(ReplicationException.class)
			.isThrownBy(() -> ledger(olderContext).deposit("alice", 10))
			.withMessageContaining("fenced by another process started with the same replication.instance-id");
		assertThat(ledger(newerContext).deposit("alice", 100)).isEqualTo(101);
	}

	// Kafka 4's consumer group protocol rejects a static member whose instance id is
	// still held, where the classic protocol fences the holder: the starter's consumers
	// keep the classic protocol whatever the application's own consumers use.
	@Test
	void applicationConsumersOnTheConsumerGroupProtocolLeaveTakeOverByInstanceIdWorking() {
		String consumerProtocol = "spring.kafka.consumer.properties.group.protocol=consumer";
		ConfigurableApplicationContext olderContext = this.instances.start("twin", consumerProtocol);
		assertThat(ledger(olderContext).deposit("alice", 1)).isEqualTo(1);
		ConfigurableApplicationContext newerContext = this.instances.start("twin", consumerProtocol);
		await().atMost(Duration.ofSeconds(30)).until(() -> newerContext.getBean(KafkaReplication.class).isCaughtUp());
		KafkaReplication olderReplication = olderContext.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> olderReplication.status("ledger").status() == ReplicaStatus.FENCED);
		assertThat(ledger(newerContext).deposit("alice", 100)).isEqualTo(101);
	}

	@Test
	void replicatedWriteCalledWhileApplyingIsRefused() {
		ConfigurableApplicationContext context = this.instances.start("a");
		Audit audit = context.getBean(Audit.class);
		assertThatExceptionOfType(WriteRejectedException.class)
			.isThrownBy(() -> audit.recordAndDeposit("opened", "alice"))
			.withMessageContaining("called while applying command 'recordAndDeposit'");
		assertThat(audit.entries()).containsExactly("opened");
		assertThat(ledger(context).balances()).isEmpty();
	}

	@Test
	void asynchronousWritesCompleteInLogOrder() throws Exception {
		Ledger writer = ledger(this.instances.start("a"));
		List<CompletableFuture<Long>> results = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			results.add(writer.depositLater("alice", 1));
		}
		CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		assertThat(results.stream().map(CompletableFuture::join).sorted().toList())
			.isEqualTo(LongStream.rangeClosed(1, 200).boxed().toList());
		assertThat(writer.balances()).containsEntry("alice", 200L);
	}

	private static Ledger ledger(ConfigurableApplicationContext context) {
		return context.getBean(Ledger.class);
	}

	private static void openAccounts(Ledger ledger) {
		for (int i = 0; i < ACCOUNTS; i++) {
			ledger.open("account-" + i, OPENING_BALANCE);
		}
	}

	private static void randomTransfers(Ledger ledger, int count, AtomicInteger refused) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < count; i++) {
			String from = "account-" + random.nextInt(ACCOUNTS);
			String to = "account-" + random.nextInt(ACCOUNTS);
			try {
				ledger.transfer(from, to, random.nextLong(1, 400));
			}
			catch (InsufficientFundsException ex) {
				refused.incrementAndGet();
			}
		}
	}

}
