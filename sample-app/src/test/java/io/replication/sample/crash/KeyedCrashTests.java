package io.replication.sample.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.replication.keyed.KeyedDepositsApplication;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The crash audit on a keyed state of 3 partitions, applied by 3 threads on each of 3
 * instances: an instance killed with {@code kill -9} mid-load loses no acknowledged
 * deposit, applies none twice, applies no rejected one, and every instance ends with each
 * account's deposits in the same order.
 */
@Tag("crash")
class KeyedCrashTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper json = JsonMapper.shared();

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void instanceKilledMidKeyedLoadLosesNothingAcknowledgedAndEveryAccountKeepsOneOrder() throws Exception {
		String prefix = "keyed-crash-" + System.nanoTime() + ".";
		try (SampleInstance one = instance("node-1", prefix);
				SampleInstance two = instance("node-2", prefix);
				SampleInstance three = instance("node-3", prefix)) {
			SampleInstance.startAll(one, two, three);
			List<SampleInstance> instances = List.of(one, two, three);
			ConcurrentLinkedQueue<Deposit> deposits = new ConcurrentLinkedQueue<>();
			AtomicBoolean loading = new AtomicBoolean(true);
			ExecutorService load = Executors.newFixedThreadPool(6);
			for (SampleInstance instance : instances) {
				for (int thread = 0; thread < 2; thread++) {
					String writer = instance.instanceId() + "-" + thread;
					load.execute(() -> {
						for (int i = 0; loading.get(); i++) {
							deposits.add(deposit(instance, "account-" + (i % 12), writer + "-" + i));
						}
					});
				}
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(deposits) >= 300);
			three.kill();
			long killed = System.nanoTime();
			long beforeRestart = acknowledged(deposits);
			await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(deposits) >= beforeRestart + 300);
			three.start().awaitReady();
			Duration rebuilt = Duration.ofNanos(System.nanoTime() - killed);
			long afterRestart = acknowledged(deposits);
			await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged(deposits) >= afterRestart + 300);
			loading.set(false);
			load.shutdown();
			assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

			Map<String, List<String>> first = await().atMost(Duration.ofSeconds(60))
				.until(() -> references(one),
						(references) -> references.equals(references(two)) && references.equals(references(three)));
			Map<String, Integer> applied = new HashMap<>();
			first.values()
				.forEach((references) -> references.forEach((reference) -> applied.merge(reference, 1, Integer::sum)));
			Map<Outcome, Integer> counts = new HashMap<>();
			for (Deposit deposit : deposits) {
				counts.merge(deposit.outcome(), 1, Integer::sum);
				int times = applied.getOrDefault(deposit.reference(), 0);
				switch (deposit.outcome()) {
					case ACKNOWLEDGED -> assertThat(times).as("acknowledged %s", deposit.reference()).isOne();
					case REJECTED -> assertThat(times).as("rejected %s", deposit.reference()).isZero();
					case UNKNOWN -> assertThat(times).as("unknown %s", deposit.reference()).isLessThanOrEqualTo(1);
				}
				if (times == 1) {
					assertThat(first.get(deposit.account())).as("account of %s", deposit.reference())
						.contains(deposit.reference());
				}
			}
			assertThat(applied.values()).allMatch((times) -> times == 1);
			CrashReport.print("keyed kill -9", "3 partitions, 3 instances: " + counts + "; node-3 killed, restarted "
					+ "and ready again after " + rebuilt.toMillis() + " ms; every account equal on all instances");
		}
	}

	private SampleInstance instance(String id, String prefix) {
		return SampleInstance.of(KeyedDepositsApplication.class, id, id, BROKERS, prefix, this.directory,
				"replication.states.deposits.partitions=3");
	}

	private static long acknowledged(ConcurrentLinkedQueue<Deposit> deposits) {
		return deposits.stream().filter((deposit) -> deposit.outcome() == Outcome.ACKNOWLEDGED).count();
	}

	private static Deposit deposit(SampleInstance instance, String account, String reference) {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(instance.baseUrl() + "/deposits/" + account + "/" + reference))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		Outcome outcome;
		try {
			int status = http.send(request, BodyHandlers.discarding()).statusCode();
			outcome = (status == 200) ? Outcome.ACKNOWLEDGED : (status == 503) ? Outcome.REJECTED : Outcome.UNKNOWN;
		}
		catch (Exception ex) {
			// The instance died with the request, or refused the connection.
			outcome = Outcome.UNKNOWN;
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			pause();
		}
		return new Deposit(account, reference, outcome);
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Map<String, List<String>> references(SampleInstance instance) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(instance.baseUrl() + "/deposits"))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			String body = http.send(request, BodyHandlers.ofString()).body();
			return json.readValue(body, new TypeReference<Map<String, List<String>>>() {
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private enum Outcome {

		ACKNOWLEDGED, REJECTED, UNKNOWN

	}

	private record Deposit(String account, String reference, Outcome outcome) {

	}

}
