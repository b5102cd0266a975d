package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.replication.kafka.KafkaReplication;
import io.replication.status.SnapshotStatus;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Write latency (call until applied) of blocking writers while a state of a million
 * accounts is snapshotted every 20,000 commands, against the same without snapshots: what
 * a snapshot costs the writes going on meanwhile, on the apply thread ({@code snapshot()}
 * copies the map) and on the machine (encoding and storing it).
 */
final class SnapshotLatencyBenchmark {

	private static final int ACCOUNTS = 1_000_000;

	private static final int CALLERS = 4;

	private final String bootstrapServers;

	private final Window window;

	SnapshotLatencyBenchmark(String bootstrapServers, Window window) {
		this.bootstrapServers = bootstrapServers;
		this.window = window;
	}

	List<Result> run() throws Exception {
		List<Result> results = new ArrayList<>();
		results.add(measure(false));
		results.add(measure(true));
		return results;
	}

	private Result measure(boolean snapshots) throws Exception {
		Map<String, String> settings = snapshots
				? Map.of("replication.snapshot.every-commands", "20000", "replication.snapshot.min-interval", "0s")
				: Map.of("replication.snapshot.enabled", "false");
		try (ServiceInstances instances = new ServiceInstances(this.bootstrapServers, settings,
				BalancesApplication.class)) {
			ConfigurableApplicationContext instance = instances.start("latency");
			Balances balances = instance.getBean(Balances.class);
			fill(balances);
			KafkaReplication replication = instance.getBean(KafkaReplication.class);
			SnapshotStatus before = snapshot(replication);
			Result result = new BlockingWritersBenchmark(this.window).run(
					"starter: blocking writers on " + ACCOUNTS + " accounts, "
							+ (snapshots ? "snapshot every 20,000 commands" : "no snapshots"),
					CALLERS, (number) -> balances.deposit("account-" + (number % ACCOUNTS), 1));
			SnapshotStatus after = snapshot(replication);
			Map<String, Object> figures = new LinkedHashMap<>(result.figures());
			if (after != null) {
				figures.put("snapshotsCoveredUpTo", after.position().get(0));
				figures.put("snapshotsCoveredFrom", (before != null) ? before.position().get(0) : 0);
				figures.put("lastSnapshotBytes", after.sizeBytes());
				figures.put("lastSnapshotMillis", after.durationMillis());
			}
			return new Result(result.name(), result.rate(), result.latency(), figures);
		}
	}

	private static SnapshotStatus snapshot(KafkaReplication replication) {
		return Objects.requireNonNull(replication.status(Balances.STATE)).snapshot();
	}

	private static void fill(Balances balances) throws InterruptedException {
		Semaphore inFlight = new Semaphore(10_000);
		for (int i = 0; i < ACCOUNTS; i++) {
			inFlight.acquire();
			balances.depositLater("account-" + i, 1).whenComplete((balance, ex) -> inFlight.release());
		}
		if (!inFlight.tryAcquire(10_000, 10, TimeUnit.MINUTES)) {
			throw new IllegalStateException("The accounts were not opened within 10 minutes");
		}
	}

}
