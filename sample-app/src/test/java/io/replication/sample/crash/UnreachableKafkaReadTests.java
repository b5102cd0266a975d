package io.replication.sample.crash;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import io.replication.sample.PositionedHttp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee: a {@code LINEARIZABLE} read fails clearly, within
 * {@code replication.read.timeout}, when Kafka does not answer, while {@code LOCAL} reads
 * go on; it works again once Kafka answers.
 */
@Tag("crash")
class UnreachableKafkaReadTests {

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private final PositionedHttp http = new PositionedHttp();

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void linearizableReadFailsWithinTheReadTimeoutWhileKafkaDoesNotAnswer() throws Exception {
		int proxyPort = FreePorts.next();
		try (FaultyProxy proxy = new FaultyProxy(proxyPort, FreePorts.next());
				KafkaCluster kafka = KafkaCluster.startAdvertising(proxy.targetPort(), proxyPort, this.directory);
				SampleInstance instance = SampleInstance.of("node-1", "node-1", "127.0.0.1:" + proxyPort,
						"unreachable-reads-" + System.nanoTime() + ".", this.directory,
						"replication.read.timeout=" + READ_TIMEOUT.toSeconds() + "s")) {
			instance.start().awaitReady();
			assertThat(send(instance, "POST", "/accounts", "{\"id\":\"alice\"}").statusCode()).isEqualTo(201);
			assertThat(send(instance, "POST", "/accounts/alice/deposits", "{\"amount\":5}").statusCode())
				.isEqualTo(200);

			proxy.blackHole();
			long start = System.nanoTime();
			HttpResponse<String> refused = send(instance, "GET", "/accounts/alice?consistency=linearizable", null);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			HttpResponse<String> local = send(instance, "GET", "/accounts/alice", null);
			proxy.pass();
			proxy.cut();

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(refused.body()).contains("replication-position-not-reached",
					"Could not read the committed end of state 'ledger' from Kafka within PT2S");
			assertThat(took).isLessThan(READ_TIMEOUT.plusSeconds(3));
			assertThat(local.statusCode()).isEqualTo(200);
			assertThat(local.body()).contains("\"balance\":5");
			await().atMost(Duration.ofSeconds(60))
				.until(() -> send(instance, "GET", "/accounts/alice?consistency=linearizable", null)
					.statusCode() == 200);
			CrashReport.print("linearizable read, Kafka unreachable", "answered 503 after " + took.toMillis()
					+ " ms (read timeout " + READ_TIMEOUT.toMillis() + " ms); local reads answered meanwhile");
		}
	}

	private HttpResponse<String> send(SampleInstance instance, String method, String path, String json)
			throws Exception {
		return "POST".equals(method) ? this.http.post(instance.baseUrl(), path, json, null)
				: this.http.get(instance.baseUrl(), path, null);
	}

}
