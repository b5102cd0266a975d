package io.replication.sample;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.replication.sample.ledger.Account;
import io.replication.sample.ledger.Entry;
import io.replication.sample.ledger.LedgerSummary;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The sample's REST API as a test sees it: writes answer their status, whatever it is, so
 * that a caller can count what was acknowledged.
 */
public final class LedgerClient {

	private static final ParameterizedTypeReference<List<Account>> ACCOUNTS = new ParameterizedTypeReference<>() {
	};

	private static final ParameterizedTypeReference<List<Entry>> ENTRIES = new ParameterizedTypeReference<>() {
	};

	private final String name;

	private final RestClient rest;

	public LedgerClient(String name, String baseUrl) {
		this.name = name;
		// Bounded: a frozen or dead instance must not hang a test.
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
		requests.setReadTimeout(Duration.ofSeconds(60));
		this.rest = RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build();
	}

	public static LedgerClient of(String name, ConfigurableApplicationContext context) {
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		return new LedgerClient(name, "http://127.0.0.1:" + port);
	}

	public String name() {
		return this.name;
	}

	public HttpStatusCode open(String id) {
		return post("/accounts", Map.of("id", id));
	}

	public HttpStatusCode deposit(String id, long amount) {
		return deposit(id, amount, "deposit-" + UUID.randomUUID());
	}

	public HttpStatusCode deposit(String id, long amount, String reference) {
		return post("/accounts/{id}/deposits", Map.of("amount", amount, "reference", reference), id);
	}

	public HttpStatusCode withdraw(String id, long amount) {
		return post("/accounts/{id}/withdrawals",
				Map.of("amount", amount, "reference", "withdrawal-" + UUID.randomUUID()), id);
	}

	public HttpStatusCode transfer(String from, String to, long amount) {
		return transfer(from, to, amount, "transfer-" + UUID.randomUUID());
	}

	public HttpStatusCode transfer(String from, String to, long amount, String reference) {
		return post("/transfers", Map.of("from", from, "to", to, "amount", amount, "reference", reference));
	}

	public List<Entry> entries(String id) {
		return this.rest.get().uri("/accounts/{id}/entries", id).retrieve().body(ENTRIES);
	}

	public List<Account> accounts() {
		return this.rest.get().uri("/accounts").retrieve().body(ACCOUNTS);
	}

	public LedgerSummary summary() {
		return this.rest.get().uri("/summary").retrieve().body(LedgerSummary.class);
	}

	private HttpStatusCode post(String path, Map<String, Object> body, Object... uriVariables) {
		return this.rest.post()
			.uri(path, uriVariables)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> response.getStatusCode());
	}

	@Override
	public String toString() {
		return this.name;
	}

}
