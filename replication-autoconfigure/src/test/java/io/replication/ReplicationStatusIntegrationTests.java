package io.replication;

import java.time.Duration;
import java.util.List;

import io.replication.kafka.KafkaReplication;
import io.replication.status.PartitionStatus;
import io.replication.status.ReplicaStatus;
import io.replication.status.ReplicaView;
import io.replication.status.StateStatus;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

	// In write mode 'transactional' each record is followed by its commit marker, which
	// a caught-up replica's position passes: its lag is still 0.
	@ParameterizedTest(name = "write mode {0}")
	@CsvSource({ "idempotent, 9, 10", "transactional, 18, 20" })
	void idleCaughtUpReplicaIsLiveWithZeroLag(String writeMode, long appliedOffset, long endOffset) {
		String mode = "replication.write-mode=" + writeMode;
		ConfigurableApplicationContext writer = this.instances.start("a", FAST_MONITOR, mode);
		ConfigurableApplicationContext reader = this.instances.start("b", FAST_MONITOR, mode);
		for (int i = 0; i < 10; i++) {
			writer.getBean(Ledger.class).deposit("alice", 1);
		}
		KafkaReplication replication = reader.getBean(KafkaReplication.class);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			StateStatus ledger = ledgerStatus(replication);
			assertThat(ledger.status()).isEqualTo(ReplicaStatus.LIVE);
			PartitionStatus partition = ledger.partitions().get(0);
			assertThat(partition.appliedOffset()).isEqualTo(appliedOffset);
			assertThat(partition.endOffset()).isEqualTo(endOffset);
			assertThat(partition.lag()).isZero();
			assertThat(partition.lagMillis()).isZero();
			assertThat(partition.lastAppliedTimestamp()).isNotNull();
		});
		assertThat(ledgerStatus(replication).groupId()).isEqualTo(this.instances.topicPrefix() + "ledger.b");
		assertThat(replication.isCaughtUp()).isTrue();
	}

	@Test
	void callersWithinTheMonitorIntervalShareOneClusterViewSoPollingItIsCheap() {
		ConfigurableApplicationContext instance = this.instances.start("a", "replication.monitor-interval=2s");
		instance.getBean(Ledger.class).deposit("alice", 1);
		KafkaReplication replication = instance.getBean(KafkaReplication.class);
		List<ReplicaView> first = replication.clusterView("ledger");
		assertThat(replication.clusterView("ledger")).isSameAs(first);
		await().atMost(Duration.ofSeconds(20)).until(() -> replication.clusterView("ledger") != first);
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
			assertThat(view.get(1).lag()).isEqualTo(5);
			assertThat(view.get(1).live()).isFalse();
		});
		this.instances.start("b", FAST_MONITOR);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(replication.clusterView("ledger")).extracting(ReplicaView::lag)
				.containsExactly(0L, 0L));
		assertThat(replication.clusterView("nothing")).isNull();
	}

	private static StateStatus ledgerStatus(KafkaReplication replication) {
		return replication.status()
			.stream()
			.filter((status) -> status.state().equals("ledger"))
			.findFirst()
			.orElseThrow();
	}

}
