package io.replication.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.replication.sample.crash.FreePorts;
import io.replication.sample.ledger.Account;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Without {@code spring.kafka.bootstrap-servers} the sample runs its own broker, whose
 * log outlives the process.
 */
class BuiltInBrokerIntegrationTests {

	@TempDir
	Path dataDirectory;

	@Test
	void sampleRunsOnItsBuiltInBrokerAndRebuildsFromItsLogAfterARestart() {
		int port = FreePorts.nextPair();
		List<Account> expected = List.of(new Account("alice", 60), new Account("bob", 40));
		try (ConfigurableApplicationContext first = start(port, "node-1")) {
			LedgerClient client = LedgerClient.of("node-1", first);
			assertThat(client.open("alice")).isEqualTo(HttpStatus.CREATED);
			assertThat(client.open("bob")).isEqualTo(HttpStatus.CREATED);
			assertThat(client.deposit("alice", 100)).isEqualTo(HttpStatus.OK);
			assertThat(client.transfer("alice", "bob", 40)).isEqualTo(HttpStatus.OK);
			assertThat(client.accounts()).isEqualTo(expected);
			try (ConfigurableApplicationContext second = start(port, "node-2")) {
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(LedgerClient.of("node-2", second).accounts()).isEqualTo(expected));
			}
		}
		try (ConfigurableApplicationContext restarted = start(port, "node-1")) {
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(LedgerClient.of("node-1", restarted).accounts()).isEqualTo(expected));
		}
	}

	private ConfigurableApplicationContext start(int brokerPort, String instanceId) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--sample.broker.port=" + brokerPort,
				"--sample.broker.data-directory=" + this.dataDirectory, "--replication.instance-id=" + instanceId);
	}

}
