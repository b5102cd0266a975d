package io.replication.sample.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.replication.sample.LedgerClient;
import io.replication.sample.crash.BankLoad.Outcome;
import io.replication.sample.crash.BankLoad.Write;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Guarantee: an instance stopped gracefully ({@code kill}, not {@code kill -9}) under
 * load answers every write it took truthfully. Its web server drains the requests in
 * flight before replication stops, so they complete; whatever it answered, the other
 * instance's state agrees: nothing acknowledged is missing, nothing rejected is there.
 */
@Tag("crash")
class GracefulStopTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void writesTakenWhileAnInstanceStopsGracefullyAreAnsweredTruthfully() throws Exception {
		String prefix = "graceful-stop-" + System.nanoTime() + ".";
		try (SampleInstance one = SampleInstance.of("node-1", "node-1", BROKERS, prefix, this.directory);
				SampleInstance two = SampleInstance.of("node-2", "node-2", BROKERS, prefix, this.directory)) {
			SampleInstance.startAll(one, two);
			Bank bank = Bank.open(List.of(one.client(), two.client()), 6);
			BankLoad load = bank.load();
			load.start(one.client(), 4);
			load.start(two.client(), 2);
			load.awaitMore(300, Write::acknowledged);
			long stopping = System.nanoTime();
			one.stop();
			long stopped = System.nanoTime();
			load.awaitMore(100, (write) -> write.acknowledged() && write.instance().equals("node-2"));
			List<Write> writes = load.stop();

			List<LedgerClient> survivor = List.of(two.client());
			BankAudit audit = bank.audit();
			audit.awaitConvergence(survivor);
			audit.assertExact("graceful stop", survivor, writes);
			List<Write> duringStop = writes.stream()
				.filter((write) -> write.instance().equals("node-1")
						&& write.startNanos() + write.latencyNanos() >= stopping && write.startNanos() <= stopped)
				.toList();
			CrashReport.print("graceful stop",
					"node-1 stopped in " + Duration.ofNanos(stopped - stopping).toMillis()
							+ " ms; its writes answered meanwhile: " + count(duringStop, Outcome.ACKNOWLEDGED)
							+ " acknowledged, " + count(duringStop, Outcome.REJECTED) + " rejected, "
							+ count(duringStop, Outcome.FAILED) + " unknown or unanswered");
		}
	}

	private static long count(List<Write> writes, Outcome outcome) {
		return writes.stream().filter((write) -> write.outcome() == outcome).count();
	}

}
