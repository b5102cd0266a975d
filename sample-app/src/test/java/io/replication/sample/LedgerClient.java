package io.replication.sample;

import java.util.List;
import java.util.Map;

import io.replication.sample.ledger.Account;
import io.replication.sample.ledger.LedgerSummary;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * The sample's REST API as a test sees it: writes answer their status, whatever it is, so
 * that a caller can count what was acknowledged.
 */
public final class LedgerClient {

	private static final ParameterizedTypeReference<List<Account>> ACCOUNTS = new ParameterizedTypeReference<>() {
	};

	private final String name;

	private final RestClient rest;

	public LedgerClient(String name, String baseUrl) {
		this.name = name;
		this.rest = RestClient.create(baseUrl);
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
		return post("/accounts/{id}/deposits", Map.of("amount", amount), id);
	}

	public HttpStatusCode withdraw(String id, long amount) {
		return post("/accounts/{id}/withdrawals", Map.of("amount", amount), id);
	}

	public HttpStatusCode transfer(String from, String to, long amount) {
		return post("/transfers", Map.of("from", from, "to", to, "amount", amount));
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
