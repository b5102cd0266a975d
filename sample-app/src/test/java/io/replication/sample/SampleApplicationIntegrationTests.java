package io.replication.sample;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of the sample service over HTTP, on a real broker.
 */
class SampleApplicationIntegrationTests {

	private static final ParameterizedTypeReference<Map<String, Long>> BALANCES = new ParameterizedTypeReference<>() {
	};

	private final String topicPrefix = "sample-" + System.nanoTime() + ".";

	private ConfigurableApplicationContext first;

	private ConfigurableApplicationContext second;

	@AfterEach
	void stop() {
		if (this.second != null) {
			this.second.close();
		}
		if (this.first != null) {
			this.first.close();
		}
	}

	@Test
	void writesOnOneInstanceAreReadOnTheOther() {
		this.first = start("node-1");
		this.second = start("node-2");
		RestClient one = client(this.first);
		RestClient two = client(this.second);
		assertThat(one.post().uri("/accounts/alice/deposits?amount=100").retrieve().body(BALANCES))
			.isEqualTo(Map.of("alice", 100L));
		assertThat(one.post().uri("/transfers?from=alice&to=bob&amount=30").retrieve().body(BALANCES))
			.isEqualTo(Map.of("alice", 70L, "bob", 30L));
		assertThatExceptionOfType(HttpClientErrorException.class)
			.isThrownBy(() -> one.post().uri("/transfers?from=bob&to=alice&amount=31").retrieve().body(BALANCES))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.CONFLICT));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(two.get().uri("/accounts").retrieve().body(BALANCES))
				.isEqualTo(Map.of("alice", 70L, "bob", 30L)));
	}

	private ConfigurableApplicationContext start(String instanceId) {
		// Arguments, not default properties: application.yml must not win over them.
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1",
				"--spring.kafka.bootstrap-servers="
						+ System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS),
				"--replication.topic-prefix=" + this.topicPrefix, "--replication.instance-id=" + instanceId);
	}

	private static RestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return RestClient.create("http://127.0.0.1:" + port);
	}

}
