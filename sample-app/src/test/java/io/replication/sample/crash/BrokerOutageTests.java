package io.replication.sample.crash;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.replication.sample.LedgerClient;
import io.replication.sample.crash.BankLoad.Outcome;
import io.replication.sample.crash.BankLoad.Write;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: while Kafka is unreachable, writers get a clear error within
 * {@code replication.write-timeout} and nothing is half applied; when it returns, writes
 * succeed again without restarting any instance, and every instance converges.
 */
@Tag("crash")
class BrokerOutageTests {

	private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration OUTAGE = Duration.ofSeconds(15);

	private static final String PROBE = "probe-during-outage";

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void writersFailWithinTheTimeoutWhileKafkaIsDownAndSucceedAgainWhenItReturns() throws Exception {
		String prefix = "broker-outage-" + System.nanoTime() + ".";
		try (KafkaCluster kafka = KafkaCluster.start(1, this.directory);
				SampleInstance one = instance("node-1", kafka, prefix);
				SampleInstance two = instance("node-2", kafka, prefix)) {
			SampleInstance.startAll(one, two);
			List<LedgerClient> clients = List.of(one.client(), two.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			clients.forEach((client) -> load.start(client, 2));
			load.awaitMore(150, Write::acknowledged);

			kafka.kill(1);
			long down = System.nanoTime();
			load.awaitMore(8, (write) -> write.outcome() == Outcome.FAILED || write.outcome() == Outcome.REJECTED);
			long probed = System.nanoTime();
			HttpResponse<String> refused = transfer(one, PROBE);
			long probeLatency = System.nanoTime() - probed;
			pause(OUTAGE.minusNanos(System.nanoTime() - down));
			kafka.restart(1);
			long up = System.nanoTime();
			for (LedgerClient client : clients) {
				load.awaitMore(100, (write) -> write.acknowledged() && write.instance().equals(client.name()));
			}
			long recovered = System.nanoTime();
			// The probe is audited like the load's writes, by the answer its client got.
			List<Write> writes = new ArrayList<>(load.stop());
			writes.add(new Write(PROBE, one.client().name(),
					(refused.statusCode() == 503) ? Outcome.REJECTED : Outcome.FAILED, probed, probeLatency));

			// Rejected if it was still queued at the timeout, unknown if it was sent.
			assertThat(refused.statusCode()).isIn(503, 504);
			assertThat(refused.body()).contains("replication.write-timeout");
			List<Write> failed = writes.stream()
				.filter((write) -> write.outcome() == Outcome.FAILED || write.outcome() == Outcome.REJECTED)
				.toList();
			assertThat(failed).allSatisfy((write) -> assertThat(Duration.ofNanos(write.latencyNanos()))
				.isLessThan(WRITE_TIMEOUT.plusSeconds(5)));
			BankAudit audit = bank.audit();
			Duration converged = audit.awaitConvergence(clients);
			audit.assertExact("broker outage", clients, writes);
			long slowestFailure = failed.stream().mapToLong(Write::latencyNanos).max().orElse(0);
			CrashReport.print("broker outage", "Kafka down " + Duration.ofNanos(up - down).toMillis() + " ms; "
					+ failed.size() + " writes failed, the slowest after " + Duration.ofNanos(slowestFailure).toMillis()
					+ " ms; writes acknowledged on every instance " + Duration.ofNanos(recovered - up).toMillis()
					+ " ms after Kafka returned; all instances equal " + converged.toMillis() + " ms after the load");
		}
	}

	private static HttpResponse<String> transfer(SampleInstance instance, String reference) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/transfers"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString("{\"from\":\"account-0\",\"to\":\"account-1\",\"amount\":1,"
					+ "\"reference\":\"" + reference + "\"}"))
			.timeout(Duration.ofSeconds(30))
			.build();
		return HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
	}

	// The outage is the scenario, not a wait for a condition.
	private static void pause(Duration duration) throws InterruptedException {
		if (!duration.isNegative()) {
			Thread.sleep(duration.toMillis());
		}
	}

	private SampleInstance instance(String id, KafkaCluster kafka, String prefix) {
		return SampleInstance.of(id, id, kafka.bootstrapServers(), prefix, this.directory,
				"replication.write-timeout=" + WRITE_TIMEOUT.toSeconds() + "s");
	}

}
