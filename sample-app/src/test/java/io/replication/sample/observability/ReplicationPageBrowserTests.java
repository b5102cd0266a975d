package io.replication.sample.observability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.replication.sample.LedgerClient;
import io.replication.sample.SampleContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sample's {@code /replication.html}, rendered by a real headless Chromium: a row per
 * replica with its applied offset, lag, status and whether it runs. {@code .ci/run}
 * installs Chromium and requires this test to run; elsewhere, without Chromium, it is
 * skipped. Run with {@code -Dreplication-page.screenshot=<file>} to also save a
 * screenshot.
 */
class ReplicationPageBrowserTests {

	private static final Pattern ROW = Pattern.compile("<tr data-instance=\"([^\"]+)\">(.*?)</tr>", Pattern.DOTALL);

	private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);

	// The cluster view refreshes at this pace.
	private static final String MONITOR_INTERVAL = "--replication.monitor-interval=200ms";

	private final SampleContexts instances = new SampleContexts("observability");

	@TempDir
	Path profile;

	@AfterEach
	void stop() {
		this.instances.close();
	}

	@Test
	void pageShowsEveryReplicaWithItsOffsetLagStatusAndWhetherItRuns() throws Exception {
		Path chromium = chromium().orElse(null);
		if (chromium == null) {
			assertThat(System.getenv("REPLICATION_BROWSER_TESTS")).as("Chromium is required here but not installed")
				.isNotEqualTo("required");
			assumeTrue(false, "Chromium is not installed (.ci/run installs it)");
		}
		ConfigurableApplicationContext first = this.instances.start("node-1", MONITOR_INTERVAL);
		ConfigurableApplicationContext second = this.instances.start("node-2", MONITOR_INTERVAL);
		LedgerClient ledger = SampleContexts.client(first);
		assertThat(ledger.open("alice")).isEqualTo(HttpStatus.CREATED);
		assertThat(ledger.deposit("alice", 10)).isEqualTo(HttpStatus.OK);
		// Committed positions: the next offset each replica reads. In write mode
		// idempotent the 2 commands so far are offsets 0 and 1.
		awaitClusterView(first, "{\"0\":2},\"lag\":0,\"live\":true", "{\"0\":2},\"lag\":0,\"live\":true");
		second.close();
		for (int i = 0; i < 3; i++) {
			assertThat(ledger.deposit("alice", 1)).isEqualTo(HttpStatus.OK);
		}
		awaitClusterView(first, "{\"0\":5},\"lag\":0,\"live\":true", "{\"0\":2},\"lag\":3,\"live\":false");
		String page = SampleContexts.baseUrl(first) + "/replication.html";

		String dom = run(chromium, "--dump-dom", page);

		List<List<String>> rows = rows(dom);
		assertThat(rows).extracting((row) -> row.get(0)).containsExactly("node-1", "node-2");
		assertThat(rows.get(0)).containsExactly("node-1", "node-1 (this one)", "5", "0", "LIVE", "yes");
		assertThat(rows.get(1)).containsExactly("node-2", "node-2", "2", "3", "not running", "no");
		assertThat(dom).contains("Answered by <span id=\"instance\">node-1</span>");
		String screenshot = System.getProperty("replication-page.screenshot");
		if (screenshot != null) {
			run(chromium, "--screenshot=" + Path.of(screenshot).toAbsolutePath(), "--window-size=900,330",
					"--hide-scrollbars", page);
		}
	}

	private static void awaitClusterView(ConfigurableApplicationContext instance, String... replicas) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(SampleContexts.baseUrl(instance) + "/actuator/replication/ledger"))
			.build();
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> occurrences(http.send(request, BodyHandlers.ofString()).body(), replicas));
	}

	// Whether the view lists each replica given, as many times as it is given.
	private static boolean occurrences(String view, String... replicas) {
		return Stream.of(replicas)
			.distinct()
			.allMatch((replica) -> view.split(Pattern.quote(replica), -1).length
					- 1 == Stream.of(replicas).filter(replica::equals).count());
	}

	// Each row: its instance id, then the text of each cell.
	private static List<List<String>> rows(String dom) {
		List<List<String>> rows = new ArrayList<>();
		Matcher row = ROW.matcher(dom);
		while (row.find()) {
			List<String> cells = new ArrayList<>();
			cells.add(row.group(1));
			Matcher cell = CELL.matcher(row.group(2));
			while (cell.find()) {
				cells.add(cell.group(1).replaceAll("<[^>]+>", "").trim());
			}
			rows.add(cells);
		}
		return rows;
	}

	private String run(Path chromium, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
				"--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
				"--disable-component-update", "--disable-sync", "--user-data-dir=" + this.profile,
				// Run the page's timers and fetches for up to 5 s of page time.
				"--virtual-time-budget=5000"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("Chromium ended").isTrue();
		assertThat(process.exitValue()).as("Chromium's exit code").isZero();
		return output;
	}

	private static Optional<Path> chromium() {
		return Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
			.map(Path::of)
			.filter(Files::isExecutable)
			.findFirst();
	}

}
