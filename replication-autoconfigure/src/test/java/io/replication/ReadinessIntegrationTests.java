package io.replication;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import io.replication.kafka.KafkaReplication;
import io.replication.testapp.Instances;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness is Spring Boot's readiness health group, which the replication contributor
 * joins: no event order can make it UP before every state has caught up.
 */
class ReadinessIntegrationTests {

	private static final int COMMANDS = 100_000;

	private final Instances instances = new Instances();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void stopInstances() {
		GatedTally.gate.countDown();
		this.instances.close();
		GatedTally.gate = new CountDownLatch(0);
	}

	@Test
	void readinessPolledEvery10msIsNeverUpBeforeTheReplicaHasReplayedItsLog() throws Exception {
		writeCommands(this.instances.start(GatedTallyApplication.class, "writer").getBean(GatedTally.class));
		// The late instance's applies wait until the test has had an answer, so it is
		// still replaying when asked: a fast replay can otherwise end before its web
		// server listens.
		CountDownLatch gate = new CountDownLatch(1);
		GatedTally.gate = gate;
		int port = freePort();
		CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture
			.supplyAsync(() -> this.instances.startWeb(GatedTallyApplication.class, "late", "server.port=" + port,
					"management.endpoints.web.exposure.include=health",
					"management.endpoint.health.probes.enabled=true",
					// Boot's own readiness group, made to show its members; the starter
					// adds the replication contributor to it.
					"management.endpoint.health.group.readiness.include=readinessState",
					"management.endpoint.health.group.readiness.show-components=always"));
		RestClient client = RestClient.create("http://127.0.0.1:" + port);
		Map<String, Integer> seen = new LinkedHashMap<>();
		AtomicReference<JsonNode> firstUp = new AtomicReference<>();
		await().pollInterval(Duration.ofMillis(10)).atMost(Duration.ofSeconds(120)).until(() -> {
			JsonNode readiness = readiness(client);
			if (readiness == null) {
				return false;
			}
			String status = readiness.path("status").asString();
			seen.merge(status, 1, Integer::sum);
			gate.countDown();
			if (status.equals("UP")) {
				firstUp.set(readiness);
				return true;
			}
			return false;
		});
		ConfigurableApplicationContext late = starting.get(60, TimeUnit.SECONDS);
		// The answer that said UP says why: the replication contributor in it was UP.
		assertThat(firstUp.get().path("components").path("replication").path("status").asString()).isEqualTo("UP");
		assertThat(late.getBean(KafkaReplication.class).isCaughtUp()).isTrue();
		assertThat(late.getBean(GatedTally.class).applied()).isEqualTo(COMMANDS);
		// It was asked while it replayed, so the test could have caught it UP early.
		assertThat(seen).containsKey("OUT_OF_SERVICE");
	}

	private JsonNode readiness(RestClient client) {
		try {
			String body = client.get()
				.uri("/actuator/health/readiness")
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.body(String.class);
			return (body != null) ? this.json.readTree(body) : null;
		}
		catch (ResourceAccessException ex) {
			// Not listening yet.
			return null;
		}
	}

	private static void writeCommands(GatedTally tally) {
		for (int chunk = 0; chunk < COMMANDS / 10_000; chunk++) {
			List<CompletableFuture<Long>> writes = new ArrayList<>(10_000);
			for (int i = 0; i < 10_000; i++) {
				writes.add(tally.add(1));
			}
			writes.forEach(CompletableFuture::join);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(GatedTally.class)
	static class GatedTallyApplication {

	}

	/**
	 * A count whose commands wait while its gate is closed (a minute at most).
	 */
	@ReplicatedState("gated-tally")
	static class GatedTally {

		static volatile CountDownLatch gate = new CountDownLatch(0);

		private final AtomicLong applied = new AtomicLong();

		@ReplicatedWrite
		public CompletableFuture<Long> add(long amount) {
			try {
				gate.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return CompletableFuture.completedFuture(this.applied.addAndGet(amount));
		}

		long applied() {
			return this.applied.get();
		}

	}

}
