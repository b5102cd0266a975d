package io.replication.sample.crash;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.replication.ReplicationPosition;
import io.replication.sample.PositionedHttp;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static io.replication.sample.PositionedHttp.balance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: read-your-writes on any instance, with one of three instance processes
 * frozen with {@code SIGSTOP} for 300 ms every 2 s. A client that writes on one instance
 * and reads on another with the {@code Replication-Position} header, or reads
 * linearizably, never reads a stale balance; without the header it does.
 */
@Tag("crash")
class FrozenReplicaReadTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	private static final int ROUNDS = 1000;

	private final PositionedHttp http = new PositionedHttp();

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void readsWithTheHeaderOrLinearizableAreNeverStaleWhileAReplicaKeepsFreezing() throws Exception {
		String prefix = "frozen-reads-" + System.nanoTime() + ".";
		try (SampleInstance one = instance("node-1", prefix);
				SampleInstance two = instance("node-2", prefix);
				SampleInstance three = instance("node-3", prefix)) {
			SampleInstance.startAll(one, two, three);
			List<SampleInstance> instances = List.of(one, two, three);
			post(one, "/accounts", "{\"id\":\"echoed\"}", null);
			post(one, "/accounts", "{\"id\":\"linearized\"}", null);
			ScheduledExecutorService freezer = Executors.newSingleThreadScheduledExecutor();
			Counts echoed;
			Counts linearized;
			try {
				freezer.scheduleWithFixedDelay(() -> {
					three.pause();
					try {
						// The freeze is the scenario, not a wait for a condition.
						Thread.sleep(300);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					finally {
						three.resume();
					}
				}, 1000, 2000, TimeUnit.MILLISECONDS);
				echoed = echoedRounds(instances);
				linearized = linearizableRounds(instances);
			}
			finally {
				freezer.shutdownNow();
				freezer.awaitTermination(5, TimeUnit.SECONDS);
				three.resume();
			}
			CrashReport.print("frozen replica reads",
					ROUNDS + " rounds with node-3 frozen 300 ms every 2 s: " + "header echoed: stale " + echoed.stale()
							+ " (without the header, on the third instance: " + echoed.staleWithoutHeader()
							+ "); linearizable: stale " + linearized.stale());
			assertThat(echoed.stale()).as("stale reads with the header").isZero();
			assertThat(linearized.stale()).as("stale linearizable reads").isZero();
			assertThat(echoed.staleWithoutHeader()).as("stale reads without the header: the check can fail")
				.isPositive();
		}
	}

	// Write on one instance, read without the header on another, then with it on the
	// third; each instance in each role in turn.
	private Counts echoedRounds(List<SampleInstance> instances) throws Exception {
		int stale = 0;
		int staleWithoutHeader = 0;
		for (int round = 0; round < ROUNDS; round++) {
			HttpResponse<String> deposit = post(instances.get(round % 3), "/accounts/echoed/deposits", "{\"amount\":1}",
					null);
			assertThat(deposit.statusCode()).isEqualTo(200);
			String header = deposit.headers().firstValue(ReplicationPosition.HEADER).orElseThrow();
			if (balance(get(instances.get((round + 2) % 3), "/accounts/echoed", null)) != round + 1) {
				staleWithoutHeader++;
			}
			if (balance(get(instances.get((round + 1) % 3), "/accounts/echoed", header)) != round + 1) {
				stale++;
			}
		}
		return new Counts(stale, staleWithoutHeader);
	}

	private Counts linearizableRounds(List<SampleInstance> instances) throws Exception {
		int stale = 0;
		for (int round = 0; round < ROUNDS; round++) {
			assertThat(post(instances.get(round % 3), "/accounts/linearized/deposits", "{\"amount\":1}", null)
				.statusCode()).isEqualTo(200);
			HttpResponse<String> read = get(instances.get((round + 1) % 3),
					"/accounts/linearized?consistency=linearizable", null);
			if (balance(read) != round + 1) {
				stale++;
			}
		}
		return new Counts(stale, 0);
	}

	private HttpResponse<String> post(SampleInstance instance, String path, String json, String position)
			throws Exception {
		return this.http.post(instance.baseUrl(), path, json, position);
	}

	private HttpResponse<String> get(SampleInstance instance, String path, String position) throws Exception {
		return this.http.get(instance.baseUrl(), path, position);
	}

	private SampleInstance instance(String id, String prefix) {
		return SampleInstance.of(id, id, BROKERS, prefix, this.directory);
	}

	private record Counts(int stale, int staleWithoutHeader) {

	}

}
