package io.replication.sample.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.replication.ReplicationPosition;
import io.replication.sample.LedgerClient;
import io.replication.sample.PositionedHttp;
import io.replication.sample.crash.BankLoad.Outcome;
import io.replication.sample.crash.BankLoad.Write;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: a frozen replica does not hold writers on other instances back, and catches
 * up when it thaws.
 */
@Tag("crash")
class PausedReplicaTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	private static final Duration PAUSE = Duration.ofSeconds(10);

	private final PositionedHttp http = new PositionedHttp();

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void replicaFrozenWithSigstopDoesNotSlowWritersAndCatchesUpWhenResumed() throws Exception {
		String prefix = "paused-replica-" + System.nanoTime() + ".";
		try (SampleInstance one = instance("node-1", prefix);
				SampleInstance two = instance("node-2", prefix);
				SampleInstance three = instance("node-3", prefix)) {
			SampleInstance.startAll(one, two, three);
			List<LedgerClient> clients = List.of(one.client(), two.client(), three.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			load.start(one.client(), 2);
			load.start(two.client(), 2);
			load.awaitMore(200, Write::acknowledged);
			long before = System.nanoTime();
			load.awaitMore(200, Write::acknowledged);

			long paused = System.nanoTime();
			three.pause();
			long acknowledgedBeforePause = load.count(Write::acknowledged);
			await(PAUSE);
			long acknowledgedDuringPause = load.count(Write::acknowledged) - acknowledgedBeforePause;
			three.resume();
			long resumed = System.nanoTime();
			// Caught up: node-3 has applied what node-1 had when node-3 resumed.
			// (Comparing
			// digests while the load goes on only succeeds when both happen to be read
			// between the same two writes.)
			String position = this.http.get(one.baseUrl(), "/summary", null)
				.headers()
				.firstValue(ReplicationPosition.HEADER)
				.orElseThrow();
			Awaitility.await()
				.atMost(Duration.ofSeconds(120))
				.until(() -> this.http.get(three.baseUrl(), "/summary", position).statusCode() == 200);
			Duration caughtUp = Duration.ofNanos(System.nanoTime() - resumed);
			List<Write> writes = load.stop();

			assertThat(acknowledgedDuringPause).as("writes acknowledged while node-3 was frozen").isPositive();
			assertThat(writes).filteredOn((write) -> write.outcome() != Outcome.ACKNOWLEDGED).isEmpty();
			BankAudit audit = bank.audit();
			audit.awaitConvergence(clients);
			audit.assertExact("replica SIGSTOP", clients, writes);
			CrashReport.print("replica SIGSTOP",
					"before: " + CrashReport.latency(writes, before, paused) + "; frozen " + PAUSE.toSeconds() + " s: "
							+ CrashReport.latency(writes, paused, resumed) + "; node-3 had applied what node-1 had at "
							+ "SIGCONT " + caughtUp.toMillis() + " ms after it");
		}
	}

	// The pause is the scenario, not a wait for a condition.
	private static void await(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	private SampleInstance instance(String id, String prefix) {
		return SampleInstance.of(id, id, BROKERS, prefix, this.directory);
	}

}
