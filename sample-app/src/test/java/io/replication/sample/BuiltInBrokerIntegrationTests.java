package io.replication.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without {@code spring.kafka.bootstrap-servers} the sample runs its own broker, whose
 * log outlives the process.
 */
class BuiltInBrokerIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Long>> BALANCES = new ParameterizedTypeReference<>() {
	};

	@TempDir
	Path dataDirectory;

	@Test
	void sampleRunsOnItsBuiltInBrokerAndRebuildsFromItsLogAfterARestart() throws IOException {
		int port = freePortPair();
		try (ConfigurableApplicationContext first = start(port, "node-1")) {
			RestClient client = client(first);
			client.post().uri("/accounts/alice/deposits?amount=100").retrieve().body(BALANCES);
			assertThat(client.post().uri("/transfers?from=alice&to=bob&amount=40").retrieve().body(BALANCES))
				.isEqualTo(Map.of("alice", 60L, "bob", 40L));
			try (ConfigurableApplicationContext second = start(port, "node-2")) {
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(client(second).get().uri("/accounts").retrieve().body(BALANCES))
						.isEqualTo(Map.of("alice", 60L, "bob", 40L)));
			}
		}
		try (ConfigurableApplicationContext restarted = start(port, "node-1")) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(client(restarted).get().uri("/accounts").retrieve().body(BALANCES))
					.isEqualTo(Map.of("alice", 60L, "bob", 40L)));
		}
	}

	private ConfigurableApplicationContext start(int brokerPort, String instanceId) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--sample.broker.port=" + brokerPort,
				"--sample.broker.data-directory=" + this.dataDirectory, "--replication.instance-id=" + instanceId);
	}

	private static RestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return RestClient.create("http://127.0.0.1:" + port);
	}

	/**
	 * A free port whose successor, the controller's, is free too.
	 */
	private static int freePortPair() throws IOException {
		for (int attempt = 0; attempt < 20; attempt++) {
			try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = first.getLocalPort();
				try (ServerSocket second = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
					return port;
				}
				catch (IOException ex) {
					// taken: try another pair
				}
			}
		}
		throw new IllegalStateException("No two consecutive free ports on the loopback interface");
	}

}
