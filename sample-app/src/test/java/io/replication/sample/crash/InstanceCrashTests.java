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
 * Guarantee: an instance killed with {@code kill -9} mid-load loses nothing that was
 * acknowledged, applies nothing twice, and rebuilds the same state when it restarts.
 */
@Tag("crash")
class InstanceCrashTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void instanceKilledMidLoadLosesNothingAcknowledgedAndRebuildsTheSameState() throws Exception {
		String prefix = "instance-crash-" + System.nanoTime() + ".";
		try (SampleInstance one = instance("node-1", prefix);
				SampleInstance two = instance("node-2", prefix);
				SampleInstance three = instance("node-3", prefix)) {
			SampleInstance.startAll(one, two, three);
			List<LedgerClient> clients = List.of(one.client(), two.client(), three.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			clients.forEach((client) -> load.start(client, 2));
			load.awaitMore(150, Write::acknowledged);

			three.kill();
			long killed = System.nanoTime();
			load.awaitMore(150, (write) -> write.acknowledged() && !write.instance().equals("node-3"));
			three.start().awaitReady();
			Duration rebuilt = Duration.ofNanos(System.nanoTime() - killed);
			load.awaitMore(50, (write) -> write.acknowledged() && write.instance().equals("node-3"));
			List<Write> writes = load.stop();

			BankAudit audit = bank.audit();
			Duration converged = audit.awaitConvergence(clients);
			audit.assertExact("instance kill -9", clients, writes);
			CrashReport.print("instance kill -9", "node-3 killed, restarted and ready again after " + rebuilt.toMillis()
					+ " ms; all instances equal " + converged.toMillis() + " ms after the load");
		}
	}

	private SampleInstance instance(String id, String prefix) {
		return SampleInstance.of(id, id, BROKERS, prefix, this.directory);
	}

}
