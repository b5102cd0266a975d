package io.replication.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.replication.ReplicationPosition;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's REST API as a test of reads sees it: raw responses, headers included, and
 * requests that carry a {@code Replication-Position} header when given one.
 */
public final class PositionedHttp {

	private static final Pattern BALANCE = Pattern.compile("\"balance\":(\\d+)");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	public HttpResponse<String> post(String baseUrl, String path, String json, @Nullable String position)
			throws IOException, InterruptedException {
		return send(baseUrl, path, "POST", json, position);
	}

	public HttpResponse<String> get(String baseUrl, String path, @Nullable String position)
			throws IOException, InterruptedException {
		return send(baseUrl, path, "GET", null, position);
	}

	private HttpResponse<String> send(String baseUrl, String path, String method, @Nullable String json,
			@Nullable String position) throws IOException, InterruptedException {
		// Bounded: a frozen or dead instance must not hang a test.
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		if (position != null) {
			request.header(ReplicationPosition.HEADER, position);
		}
		return this.http.send(request.build(), BodyHandlers.ofString());
	}

	/**
	 * The balance an account answer gives.
	 * @param response the answer
	 * @return its {@code balance}
	 */
	public static long balance(HttpResponse<String> response) {
		Matcher balance = BALANCE.matcher(response.body());
		assertThat(balance.find()).as("%s: %s", response, response.body()).isTrue();
		return Long.parseLong(balance.group(1));
	}

}
