package io.replication.sample.observability;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.replication.sample.LedgerClient;
import io.replication.sample.SampleContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample exposes Prometheus, and every series the repository's Grafana dashboard
 * queries exists there, with every label the dashboard selects on.
 */
class DashboardMetricsIntegrationTests {

	private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "replication-dashboard.json");

	// A metric name followed by its label selector, as every dashboard query writes it.
	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*),\\s*(\\w+)");

	private static final Pattern MATCHER = Pattern.compile("(\\w+)\\s*(=~|!~|!=|=)");

	// Prometheus adds these when it scrapes; the application does not export them.
	private static final Set<String> SCRAPE_LABELS = Set.of("instance", "job");

	// The cluster view refreshes at this pace.
	private static final String MONITOR_INTERVAL = "--replication.monitor-interval=200ms";

	private final SampleContexts instances = new SampleContexts("observability");

	@AfterEach
	void stop() {
		this.instances.close();
	}

	@Test
	void everySeriesTheDashboardQueriesExistsWithTheLabelsItSelects() throws Exception {
		ConfigurableApplicationContext instance = this.instances.start("node-1", MONITOR_INTERVAL);
		LedgerClient ledger = SampleContexts.client(instance);
		assertThat(ledger.open("alice")).isEqualTo(HttpStatus.CREATED);
		assertThat(ledger.deposit("alice", 10)).isEqualTo(HttpStatus.OK);
		Map<String, Set<String>> exported = labelsByName(scrape(instance));
		Map<String, Set<String>> queried = dashboardQueries();
		assertThat(queried).hasSizeGreaterThanOrEqualTo(8);
		queried.forEach((name, labels) -> {
			assertThat(exported).as("series the dashboard queries").containsKey(name);
			Set<String> selected = new HashSet<>(labels);
			selected.removeAll(SCRAPE_LABELS);
			assertThat(exported.get(name)).as("labels of " + name).containsAll(selected);
		});
	}

	private static String scrape(ConfigurableApplicationContext instance) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(SampleContexts.baseUrl(instance) + "/actuator/prometheus"))
			.build();
		var response = HttpClient.newHttpClient().send(request, BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

	// name -> label names of every sample line of the exposition format.
	private static Map<String, Set<String>> labelsByName(String exposition) {
		Map<String, Set<String>> labels = new HashMap<>();
		for (String line : exposition.lines().toList()) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			String name = line.substring(0, (brace >= 0 && brace < space) ? brace : space);
			Set<String> names = labels.computeIfAbsent(name, (key) -> new HashSet<>());
			if (brace >= 0 && brace < space) {
				Matcher label = Pattern.compile("(\\w+)=\"").matcher(line.substring(brace, line.lastIndexOf('}')));
				while (label.find()) {
					names.add(label.group(1));
				}
			}
		}
		return labels;
	}

	private static Map<String, Set<String>> dashboardQueries() {
		JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
		Map<String, Set<String>> queried = new LinkedHashMap<>();
		for (JsonNode expr : dashboard.findValues("expr")) {
			Matcher selector = SELECTOR.matcher(expr.asString());
			while (selector.find()) {
				Set<String> labels = queried.computeIfAbsent(selector.group(1), (name) -> new HashSet<>());
				Matcher matcher = MATCHER.matcher(selector.group(2));
				while (matcher.find()) {
					labels.add(matcher.group(1));
				}
			}
		}
		for (JsonNode definition : dashboard.findValues("definition")) {
			Matcher values = LABEL_VALUES.matcher(definition.asString());
			while (values.find()) {
				queried.computeIfAbsent(values.group(1), (name) -> new HashSet<>()).add(values.group(2));
			}
		}
		return queried;
	}

}
