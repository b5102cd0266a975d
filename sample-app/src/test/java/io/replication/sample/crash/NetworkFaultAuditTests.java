package io.replication.sample.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.replication.sample.LedgerClient;
import io.replication.sample.crash.BankLoad.Outcome;
import io.replication.sample.crash.BankLoad.Write;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guarantee: a write the starter rejects is applied nowhere, whatever the network does. A
 * proxy between every Kafka client and the broker delays, drops or cuts the traffic again
 * and again while two instances take transfers, so that sends and commits fail
 * ambiguously; every answer is classified, and the audit asserts that no rejected write
 * was applied (and nothing acknowledged lost or applied twice). It prints how many writes
 * ended "unknown".
 */
@Tag("crash")
class NetworkFaultAuditTests {

	private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);

	private static final int TRIALS = 9;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@ParameterizedTest(name = "write mode {0}")
	@ValueSource(strings = { "idempotent", "transactional" })
	void noRejectedWriteIsAppliedWhileTheNetworkDelaysDropsAndCutsKafkaTraffic(String writeMode) throws Exception {
		String prefix = "network-faults-" + writeMode + "-" + System.nanoTime() + ".";
		int proxyPort = FreePorts.next();
		try (FaultyProxy proxy = new FaultyProxy(proxyPort, FreePorts.next());
				KafkaCluster kafka = KafkaCluster.startAdvertising(proxy.targetPort(), proxyPort, this.directory);
				SampleInstance one = instance("node-1", proxyPort, prefix, writeMode);
				SampleInstance two = instance("node-2", proxyPort, prefix, writeMode)) {
			SampleInstance.startAll(one, two);
			List<LedgerClient> clients = List.of(one.client(), two.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			clients.forEach((client) -> load.start(client, 3));
			load.awaitMore(100, Write::acknowledged);
			for (int trial = 0; trial < TRIALS; trial++) {
				switch (trial % 3) {
					case 0 -> proxy.delay(WRITE_TIMEOUT.plusMillis(500));
					case 1 -> proxy.blackHole();
					default -> proxy.flap();
				}
				load.awaitMore(4, (write) -> write.outcome() != Outcome.ACKNOWLEDGED);
				proxy.pass();
				// Requests lost in a black hole would wait out request.timeout.ms: reset
				// the connections, as a network that comes back often does.
				proxy.cut();
				load.awaitMore(30, Write::acknowledged);
			}
			List<Write> writes = load.stop();

			BankAudit audit = bank.audit();
			audit.awaitConvergence(clients);
			List<BankAudit.Counts> counts = audit.assertExact("network faults (" + writeMode + ")", clients, writes);
			CrashReport.print("network faults (" + writeMode + ")",
					TRIALS + " faults (delay, black hole, flapping connections); " + "answers: " + counts.get(0));
		}
	}

	private SampleInstance instance(String id, int proxyPort, String prefix, String writeMode) {
		return SampleInstance.of(id, id, "127.0.0.1:" + proxyPort, prefix, this.directory,
				"replication.write-mode=" + writeMode, "replication.write-timeout=" + WRITE_TIMEOUT.toSeconds() + "s");
	}

}
