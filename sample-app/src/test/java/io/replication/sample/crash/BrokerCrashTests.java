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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: on three brokers with replication factor 3 and
 * {@code min.insync.replicas=2}, killing the broker that leads the state's partition
 * loses no acknowledged write; writers pause while Kafka elects a new leader, then go on.
 */
@Tag("crash")
class BrokerCrashTests {

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void partitionLeaderKilledMidLoadLosesNothingAcknowledged() throws Exception {
		String prefix = "broker-crash-" + System.nanoTime() + ".";
		try (KafkaCluster kafka = KafkaCluster.start(3, this.directory);
				SampleInstance one = instance("node-1", kafka, prefix);
				SampleInstance two = instance("node-2", kafka, prefix);
				SampleInstance three = instance("node-3", kafka, prefix)) {
			SampleInstance.startAll(one, two, three);
			List<LedgerClient> clients = List.of(one.client(), two.client(), three.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			clients.forEach((client) -> load.start(client, 2));
			load.awaitMore(150, Write::acknowledged);

			killLeaderMidLoad("broker kill -9", kafka, prefix + "ledger", clients, bank, load);
		}
	}

	/**
	 * Kill the broker leading a state's partition under load; once 300 more writes are
	 * acknowledged, stop the load and audit it: lost 0, duplicated 0, no write failed.
	 * @param test the name the report gives
	 * @param kafka the brokers
	 * @param topic the state's topic, whose partition 0's leader is killed
	 * @param clients every instance, to audit
	 * @param bank the accounts of the load
	 * @param load the load, running
	 */
	static void killLeaderMidLoad(String test, KafkaCluster kafka, String topic, List<LedgerClient> clients, Bank bank,
			BankLoad load) throws Exception {
		int leader = kafka.leaderOf(topic, 0);
		kafka.kill(leader);
		long killed = System.nanoTime();
		load.awaitMore(300, Write::acknowledged);
		long end = System.nanoTime();
		List<Write> writes = load.stop();

		BankAudit audit = bank.audit();
		Duration converged = audit.awaitConvergence(clients);
		assertThat(audit.assertExact(test, clients, writes)).allSatisfy(
				(counts) -> assertThat(counts.failed()).as("writes that failed on %s", counts.instance()).isZero());
		CrashReport.print(test,
				"killed leader kafka-" + leader + " of " + topic + "-0; longest time without an acknowledgement after "
						+ "the kill: " + CrashReport.longestPause(writes, killed, end).toMillis()
						+ " ms; after the kill: " + CrashReport.latency(writes, killed, end) + "; all instances equal "
						+ converged.toMillis() + " ms after the load");
	}

	private SampleInstance instance(String id, KafkaCluster kafka, String prefix) {
		return SampleInstance.of(id, id, kafka.bootstrapServers(), prefix, this.directory,
				"replication.topic.replication-factor=3", "replication.topic.min-insync-replicas=2");
	}

}
