package io.replication.sample.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.replication.sample.LedgerClient;
import io.replication.sample.crash.BankLoad.Write;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The crash audit of the shared topology, run on the partition-per-replica topology:
 * node-1 writes, node-2 and node-3 are replicas, each reading its own partition. A
 * {@code kill -9} of the writer, or of the broker leading the writer's partition, loses
 * no acknowledged write, applies none twice, and leaves every replica with the same
 * ledger.
 */
@Tag("crash")
class PartitionPerReplicaCrashTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	private static final String RF3 = "replication.topic.replication-factor=3";

	private static final String MIN_ISR2 = "replication.topic.min-insync-replicas=2";

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void writerKilledMidLoadLosesNothingAcknowledgedAndEveryReplicaEndsEqual() throws Exception {
		String prefix = "ppr-writer-crash-" + System.nanoTime() + ".";
		try (SampleInstance writer = instance("node-1", BROKERS, prefix);
				SampleInstance two = instance("node-2", BROKERS, prefix, "replication.role=replica");
				SampleInstance three = instance("node-3", BROKERS, prefix, "replication.role=replica")) {
			SampleInstance.startAll(writer, two, three);
			List<LedgerClient> clients = List.of(writer.client(), two.client(), three.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			load.start(writer.client(), 4);
			load.awaitMore(200, Write::acknowledged);

			writer.kill();
			long killed = System.nanoTime();
			writer.start().awaitReady();
			Duration back = Duration.ofNanos(System.nanoTime() - killed);
			load.awaitMore(200, Write::acknowledged);
			List<Write> writes = load.stop();

			BankAudit audit = bank.audit();
			Duration converged = audit.awaitConvergence(clients);
			audit.assertExact("partition-per-replica writer kill -9", clients, writes);
			CrashReport.print("partition-per-replica writer kill -9",
					"node-1 (the writer) killed, restarted and writing again after " + back.toMillis()
							+ " ms; all replicas equal " + converged.toMillis() + " ms after the load");
		}
	}

	@Test
	void leaderOfTheWritersPartitionKilledMidLoadLosesNothingAcknowledged() throws Exception {
		String prefix = "ppr-broker-crash-" + System.nanoTime() + ".";
		try (KafkaCluster kafka = KafkaCluster.start(3, this.directory);
				SampleInstance writer = instance("node-1", kafka.bootstrapServers(), prefix, RF3, MIN_ISR2);
				SampleInstance two = instance("node-2", kafka.bootstrapServers(), prefix, RF3, MIN_ISR2,
						"replication.role=replica");
				SampleInstance three = instance("node-3", kafka.bootstrapServers(), prefix, RF3, MIN_ISR2,
						"replication.role=replica")) {
			SampleInstance.startAll(writer, two, three);
			List<LedgerClient> clients = List.of(writer.client(), two.client(), three.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			load.start(writer.client(), 4);
			load.awaitMore(150, Write::acknowledged);

			// Partition 0 is the writer's own.
			BrokerCrashTests.killLeaderMidLoad("partition-per-replica broker kill -9", kafka, prefix + "ledger",
					clients, bank, load);
		}
	}

	private SampleInstance instance(String id, String brokers, String prefix, String... properties) {
		String[] all = new String[properties.length + 4];
		all[0] = "replication.topology=partition-per-replica";
		all[1] = "replication.write-mode=transactional";
		all[2] = "replication.replicas=node-1,node-2,node-3";
		// Snapshots as in the rest of the suite; trimming is refused in this topology.
		all[3] = "replication.snapshot.trim-log=false";
		System.arraycopy(properties, 0, all, 4, properties.length);
		return SampleInstance.of(id, id, brokers, prefix, this.directory, all);
	}

}
