package io.replication.sample;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import io.replication.sample.ledger.Account;
import io.replication.sample.ledger.Entry;
import io.replication.sample.ledger.LedgerSummary;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's REST API on three instances over a real broker.
 */
@TestInstance(Lifecycle.PER_CLASS)
class LedgerApiIntegrationTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	private final SampleContexts samples = new SampleContexts("ledger-api");

	private final HttpClient http = HttpClient.newHttpClient();

	private List<ConfigurableApplicationContext> contexts;

	private List<LedgerClient> instances;

	private Admin admin;

	@BeforeAll
	void start() {
		this.contexts = Stream.of("node-1", "node-2", "node-3").map(this.samples::start).toList();
		this.instances = this.contexts.stream()
			.map((context) -> LedgerClient.of(context.getEnvironment().getProperty("replication.instance-id"), context))
			.toList();
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKERS));
		LedgerClient first = this.instances.get(0);
		assertThat(first.open("alice")).isEqualTo(HttpStatus.CREATED);
		assertThat(first.open("bob")).isEqualTo(HttpStatus.CREATED);
		assertThat(first.deposit("alice", 100)).isEqualTo(HttpStatus.OK);
		awaitEverywhere(new Account("alice", 100));
	}

	@AfterAll
	void stop() {
		if (this.admin != null) {
			this.admin.close();
		}
		this.samples.close();
	}

	@Test
	void writesOnEveryInstanceLeaveEveryInstanceWithTheSameBalances() throws Exception {
		LedgerWorkload workload = new LedgerWorkload(this.instances, 6);
		workload.openAccounts();
		workload.run(4, 25);
		workload.awaitConvergence();
		assertThat(workload.acknowledged()).isPositive();
	}

	@Test
	void anOverdraftIsRefusedWithAProblemAndRefusedAlikeEverywhere() throws Exception {
		String account = "overdrawn";
		LedgerClient first = this.instances.get(0);
		assertThat(first.open(account)).isEqualTo(HttpStatus.CREATED);
		assertThat(first.deposit(account, 40)).isEqualTo(HttpStatus.OK);
		awaitEverywhere(new Account(account, 40));
		HttpResponse<String> response = send("POST", "/accounts/" + account + "/withdrawals", "{\"amount\":41}");
		assertThat(response.statusCode()).isEqualTo(409);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"title\":\"Insufficient funds\"", "\"account\":\"overdrawn\"",
				"\"balance\":40", "\"amount\":41");
		awaitEverywhere(new Account(account, 40));
		assertThat(this.instances.stream().map(LedgerClient::summary).distinct()).hasSize(1);
	}

	@Test
	void readsAnswerOneAccountAllAccountsAndASummary() throws Exception {
		HttpResponse<String> opened = send("POST", "/accounts", "{\"id\":\"carol\"}");
		assertThat(opened.statusCode()).isEqualTo(201);
		assertThat(opened.headers().firstValue("Location"))
			.hasValueSatisfying((location) -> assertThat(location).endsWith("/accounts/carol"));
		assertThat(opened.body()).isEqualTo("{\"id\":\"carol\",\"balance\":0}");
		assertThat(send("GET", "/accounts/carol", null).body()).isEqualTo("{\"id\":\"carol\",\"balance\":0}");
		LedgerClient second = this.instances.get(1);
		assertThat(second.accounts()).contains(new Account("alice", 100), new Account("carol", 0));
		LedgerSummary summary = second.summary();
		assertThat(summary.totalBalance()).isEqualTo(second.accounts().stream().mapToLong(Account::balance).sum());
		assertThat(summary.digest()).matches("[0-9a-f]{64}");
		assertThat(second.transfer("alice", "carol", 10, "rent-2026-11")).isEqualTo(HttpStatus.OK);
		assertThat(second.entries("carol")).containsExactly(new Entry("rent-2026-11", 10, 10));
		assertThat(second.entries("alice")).endsWith(new Entry("rent-2026-11", -10, 90));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void badInputIsAnsweredWithAProblemAndLogsNothing(BadRequest bad) throws Exception {
		Map<TopicPartition, Long> before = logEndOffsets();
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(bad.path())).method(bad.method(), bad.body());
		if (bad.contentType() != null) {
			request.header("Content-Type", bad.contentType());
		}
		HttpResponse<String> response = this.http.send(request.build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(bad.status());
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(response.body()).contains("\"status\":" + bad.status());
		assertThat(logEndOffsets()).isEqualTo(before);
	}

	static Stream<BadRequest> badRequests() {
		String oversized = "{\"id\":\"" + "a".repeat(20_000) + "\"}";
		return Stream.of(new BadRequest("malformed JSON", "/accounts/alice/deposits", "{\"amount\":", 400),
				new BadRequest("amount of the wrong type", "/accounts/alice/deposits", "{\"amount\":\"ten\"}", 400),
				new BadRequest("amount as a string", "/accounts/alice/deposits", "{\"amount\":\"10\"}", 400),
				new BadRequest("fractional amount", "/accounts/alice/deposits", "{\"amount\":1.5}", 400),
				new BadRequest("negative amount", "/accounts/alice/withdrawals", "{\"amount\":-5}", 400),
				new BadRequest("missing amount", "/accounts/alice/deposits", "{}", 400),
				new BadRequest("amount too large", "/accounts/alice/deposits", "{\"amount\":1000000001}", 400),
				new BadRequest("invalid reference", "/accounts/alice/deposits",
						"{\"amount\":5,\"reference\":\"not a reference\"}", 400),
				new BadRequest("invalid account id", "/accounts", "{\"id\":\"Not An Id\"}", 400),
				new BadRequest("invalid account id in the path", "/accounts/Bad_Id/deposits", "{\"amount\":5}", 400),
				new BadRequest("transfer to the same account", "/transfers",
						"{\"from\":\"alice\",\"to\":\"alice\",\"amount\":5}", 400),
				new BadRequest("deposit to an unknown account", "/accounts/nobody/deposits", "{\"amount\":5}", 404),
				new BadRequest("transfer to an unknown account", "/transfers",
						"{\"from\":\"alice\",\"to\":\"nobody\",\"amount\":5}", 404),
				new BadRequest("account opened twice", "/accounts", "{\"id\":\"alice\"}", 409),
				new BadRequest("oversized body", "/accounts", oversized, 413),
				new BadRequest("oversized chunked body", "POST", "/accounts", "application/json",
						BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(oversized.getBytes())), 413),
				new BadRequest("read of an unknown account", "GET", "/accounts/nobody", null, BodyPublishers.noBody(),
						404),
				new BadRequest("text instead of JSON", "POST", "/accounts", "text/plain",
						BodyPublishers.ofString("alice"), 415));
	}

	private void awaitEverywhere(Account account) {
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(this.instances)
				.allSatisfy((instance) -> assertThat(instance.accounts()).contains(account)));
	}

	private HttpResponse<String> send(String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		BodyPublisher body = (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody();
		return this.http.send(request.method(method, body).build(), BodyHandlers.ofString());
	}

	// Requests go to the second instance: nothing here depends on where accounts were
	// opened.
	private URI uri(String path) {
		int port = ((WebServerApplicationContext) this.contexts.get(1)).getWebServer().getPort();
		return URI.create("http://127.0.0.1:" + port + path);
	}

	private Map<TopicPartition, Long> logEndOffsets() throws Exception {
		String topic = this.samples.topicPrefix() + "ledger";
		TopicDescription description = this.admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		description.partitions()
			.forEach((partition) -> latest.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest()));
		Map<TopicPartition, Long> offsets = new HashMap<>();
		this.admin.listOffsets(latest).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
		return offsets;
	}

	record BadRequest(String description, String method, String path, String contentType, BodyPublisher body,
			int status) {

		BadRequest(String description, String path, String json, int status) {
			this(description, "POST", path, "application/json", BodyPublishers.ofString(json), status);
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

}
