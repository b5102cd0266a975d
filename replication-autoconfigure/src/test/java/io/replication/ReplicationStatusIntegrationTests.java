package io.replication;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.replication.kafka.KafkaReplication;
import io.replication.kafka.PartitionStatus;
import io.replication.kafka.ReplicaStatus;
import io.replication.kafka.ReplicaView;
import io.replication.kafka.StateStatus;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import io.replication.testapp.ReadinessRecorder;
import io.replication.testapp.ReadinessRecorder.Change;
import io.replication.testapp.RecordingLedgerApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Where each replica stands, as this instance and Kafka see it.
 */
class ReplicationStatusIntegrationTests {

	private static final String FAST_MONITOR = "replication.monitor-interval=200ms";

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void idleCaughtUpReplicaIsLiveWithZeroLag() {
		ConfigurableApplicationContext writer = this.instances.start("a", FAST_MONITOR);
		ConfigurableApplicationContext reader = this.instances.start("b", FAST_MONITOR);
		for (int i = 0; i < 10; i++) {
			writer.getBean(Ledger.class).deposit("alice", 1);
		}
		KafkaReplication replication = reader.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			StateStatus ledger = ledgerStatus(replication);
			assertThat(ledger.status()).isEqualTo(ReplicaStatus.LIVE);
			PartitionStatus partition = ledger.partitions().get(0);
			// 10 transactions: each record is followed by its commit marker.
			assertThat(partition.appliedOffset()).isEqualTo(18);
			assertThat(partition.endOffset()).isEqualTo(20);
			assertThat(partition.lag()).isZero();
			assertThat(partition.lagMillis()).isZero();
			assertThat(partition.lastAppliedTimestamp()).isNotNull();
		});
		assertThat(ledgerStatus(replication).groupId()).isEqualTo(this.instances.topicPrefix() + "ledger.b");
		assertThat(replication.isCaughtUp()).isTrue();
	}

	@Test
	void stoppedReplicaShowsLagInTheClusterViewUntilItCatchesUp() {
		ConfigurableApplicationContext writer = this.instances.start("a", FAST_MONITOR);
		ConfigurableApplicationContext reader = this.instances.start("b", FAST_MONITOR);
		Ledger ledger = writer.getBean(Ledger.class);
		ledger.deposit("alice", 1);
		KafkaReplication replication = writer.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(replication.clusterView("ledger"))
				.extracting(ReplicaView::instanceId, ReplicaView::lag, ReplicaView::live)
				.containsExactly(tuple("a", 0L, true), tuple("b", 0L, true)));
		reader.close();
		for (int i = 0; i < 5; i++) {
			ledger.deposit("alice", 1);
		}
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			List<ReplicaView> view = replication.clusterView("ledger");
			assertThat(view).extracting(ReplicaView::instanceId).containsExactly("a", "b");
			assertThat(view.get(0).lag()).isZero();
			assertThat(view.get(1).lag()).isEqualTo(10);
			assertThat(view.get(1).live()).isFalse();
		});
		this.instances.start("b", FAST_MONITOR);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(replication.clusterView("ledger")).extracting(ReplicaView::lag)
				.containsExactly(0L, 0L));
		assertThat(replication.clusterView("nothing")).isNull();
	}

	@Test
	void replayingInstanceRefusesTrafficUntilItHasCaughtUp() {
		Ledger writer = this.instances.start("a").getBean(Ledger.class);
		List<CompletableFuture<Long>> writes = new ArrayList<>();
		for (int i = 0; i < 3000; i++) {
			writes.add(writer.depositLater("account-" + (i % 50), 1));
		}
		writes.forEach(CompletableFuture::join);
		ConfigurableApplicationContext late = this.instances.start(RecordingLedgerApplication.class, "late",
				FAST_MONITOR);
		ReadinessRecorder recorder = late.getBean(ReadinessRecorder.class);
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> assertThat(recorder.changes()).isNotEmpty()
				.last()
				.isEqualTo(new Change(ReadinessState.ACCEPTING_TRAFFIC, 3000)));
		List<Change> changes = recorder.changes();
		assertThat(changes).filteredOn((change) -> change.state() == ReadinessState.ACCEPTING_TRAFFIC)
			.allMatch((change) -> change.applied() == 3000 || isFollowedByRefusal(changes, change));
		assertThat(late.getBean(KafkaReplication.class).isCaughtUp()).isTrue();
	}

	private static boolean isFollowedByRefusal(List<Change> changes, Change change) {
		int index = changes.indexOf(change);
		return index + 1 < changes.size() && changes.get(index + 1).state() == ReadinessState.REFUSING_TRAFFIC;
	}

	private static StateStatus ledgerStatus(KafkaReplication replication) {
		return replication.status()
			.stream()
			.filter((status) -> status.state().equals("ledger"))
			.findFirst()
			.orElseThrow();
	}

}
