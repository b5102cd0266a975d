package io.replication;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code replication} endpoint and health over real HTTP.
 */
class ReplicationEndpointIntegrationTests {

	private static final String[] ACTUATOR = { "management.endpoints.web.exposure.include=replication,health",
			"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true",
			"replication.monitor-interval=200ms", "replication.write-timeout=3s" };

	private final Instances instances = new Instances();

	private final JsonMapper json = JsonMapper.builder().build();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void endpointShowsEachStateAndTheClusterView() {
		ConfigurableApplicationContext a = this.instances.startWeb("a", ACTUATOR);
		ConfigurableApplicationContext b = this.instances.startWeb("b", ACTUATOR);
		a.getBean(Ledger.class).deposit("alice", 5);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode body = get(b, "/actuator/replication");
			assertThat(body.path("instanceId").asString()).isEqualTo("b");
			assertThat(body.path("role").asString()).isEqualTo("ACTIVE");
			assertThat(body.path("caughtUp").asBoolean()).isTrue();
			JsonNode ledger = body.path("states").get(1);
			assertThat(ledger.path("state").asString()).isEqualTo("ledger");
			assertThat(ledger.path("topic").asString()).isEqualTo(this.instances.topicPrefix() + "ledger");
			assertThat(ledger.path("groupId").asString()).isEqualTo(this.instances.topicPrefix() + "ledger.b");
			assertThat(ledger.path("status").asString()).isEqualTo("LIVE");
			assertThat(ledger.path("assignedPartitions").toString()).isEqualTo("[0]");
			JsonNode partition = ledger.path("partitions").get(0);
			assertThat(partition.path("partition").asInt()).isZero();
			assertThat(partition.path("appliedOffset").asLong()).isZero();
			assertThat(partition.path("endOffset").asLong()).isEqualTo(1);
			assertThat(partition.path("lag").asLong()).isZero();
			assertThat(partition.path("lagMillis").asLong()).isZero();
			assertThat(partition.path("lastAppliedTimestamp").isMissingNode()).isFalse();
			assertThat(ledger.has("pendingWrites")).isTrue();
			assertThat(ledger.has("lastBatchSize")).isTrue();
		});
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode body = get(a, "/actuator/replication/ledger");
			assertThat(body.path("local").path("state").asString()).isEqualTo("ledger");
			JsonNode replicas = body.path("replicas");
			assertThat(replicas.size()).isEqualTo(2);
			for (JsonNode replica : replicas) {
				assertThat(replica.path("lag").asLong()).isZero();
				assertThat(replica.path("live").asBoolean()).isTrue();
				assertThat(replica.path("committedOffsets").path("0").asLong()).isEqualTo(1);
			}
			assertThat(replicas.findValuesAsString("instanceId")).containsExactlyInAnyOrder("a", "b");
		});
		RestClient.ResponseSpec missing = client(a).get().uri("/actuator/replication/nothing").retrieve();
		var entity = missing.onStatus(HttpStatusCode::isError, (request, response) -> {
		}).toEntity(String.class);
		assertThat(entity.getStatusCode().value()).isEqualTo(404);
		assertThat(entity.getBody()).contains("No replicated state 'nothing'; known states: [audit, ledger]");
	}

	@Test
	void healthIsUpWhenLiveAndDownWithTheOffsetWhenHalted() throws Exception {
		ConfigurableApplicationContext a = this.instances.startWeb("a", ACTUATOR);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(getAnyStatus(a, "/actuator/health/replication").path("status").asString()).isEqualTo("UP");
			assertThat(getAnyStatus(a, "/actuator/health/readiness").path("status").asString()).isEqualTo("UP");
		});
		a.getBean(Ledger.class).deposit("alice", 1);
		writePoison(this.instances.topicPrefix() + "ledger");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			JsonNode health = getAnyStatus(a, "/actuator/health/replication");
			assertThat(health.path("status").asString()).isEqualTo("DOWN");
			JsonNode ledger = health.path("details").path("ledger");
			assertThat(ledger.path("status").asString()).isEqualTo("HALTED");
			assertThat(ledger.path("offset").asLong()).isEqualTo(1);
			assertThat(ledger.path("reason").asString()).isEqualTo("unknown command 'explode'");
			assertThat(health.path("details").path("audit").path("status").asString()).isEqualTo("LIVE");
			// A halted state withdraws readiness.
			assertThat(getAnyStatus(a, "/actuator/health/readiness").path("status").asString()).isEqualTo("DOWN");
		});
	}

	@Test
	void metersRecordWritesAppliesTransactionsAndLag() throws Exception {
		ConfigurableApplicationContext a = this.instances.startWeb("a", ACTUATOR);
		Ledger ledger = a.getBean(Ledger.class);
		for (int i = 0; i < 5; i++) {
			ledger.deposit("alice", 1);
		}
		MeterRegistry registry = a.getBean(MeterRegistry.class);
		assertThat(registry.get("replication.write").tags("state", "ledger", "outcome", "applied").timer().count())
			.isEqualTo(5);
		assertThat(registry.get("replication.commands.applied").tag("state", "ledger").counter().count()).isEqualTo(5);
		assertThat(registry.get("replication.apply").tag("state", "ledger").timer().count()).isEqualTo(5);
		assertThat(registry.get("replication.transaction.size").tag("state", "ledger").summary().totalAmount())
			.isEqualTo(5);
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(registry.get("replication.lag").tag("state", "ledger").gauge().value()).isZero();
			assertThat(registry.get("replication.lag.time").tag("state", "ledger").timeGauge().value()).isZero();
		});
		assertThat(registry.get("replication.halted").tag("state", "ledger").gauge().value()).isZero();
		writePoison(this.instances.topicPrefix() + "ledger");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(registry.get("replication.halted").tag("state", "ledger").gauge().value())
				.isEqualTo(1));
		assertThat(registry.get("replication.halted").tag("state", "audit").gauge().value()).isZero();
	}

	private JsonNode get(ConfigurableApplicationContext context, String path) {
		return this.json.readTree(client(context).get().uri(path).retrieve().body(String.class));
	}

	private JsonNode getAnyStatus(ConfigurableApplicationContext context, String path) {
		String body = client(context).get()
			.uri(path)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.body(String.class);
		return this.json.readTree(body);
	}

	private static RestClient client(ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return RestClient.create("http://127.0.0.1:" + port);
	}

	private static void writePoison(String topic) throws Exception {
		RecordHeaders headers = new RecordHeaders();
		headers.add("replication-state", bytes("ledger"));
		headers.add("replication-command", bytes("explode"));
		headers.add("replication-origin", bytes("intruder"));
		headers.add("replication-invocation", bytes(UUID.randomUUID().toString()));
		headers.add("replication-format", bytes("1"));
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers());
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topic, null, (String) null, bytes("[]"), headers)).get();
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
