package io.replication.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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
 * A state with a long history restarted as a new process, with and without a snapshot:
 * the time from starting the process until it is ready, and the part of it replication
 * spends rebuilding the state. Also the size of the snapshot and how long taking it took.
 */
final class RestartBenchmark {

	// Accounts the deposits go to: the state stays small while its log grows.
	private static final int ACCOUNTS = 100_000;

	private static final long EVERY_COMMANDS = 100_000;

	private final String bootstrapServers;

	RestartBenchmark(String bootstrapServers) {
		this.bootstrapServers = bootstrapServers;
	}

	List<Result> run(long commands) throws Exception {
		List<Result> results = new ArrayList<>();
		Map<String, String> settings = Map.of("replication.snapshot.every-commands", String.valueOf(EVERY_COMMANDS),
				"replication.snapshot.min-interval", "0s");
		try (ServiceInstances instances = new ServiceInstances(this.bootstrapServers, settings,
				BalancesApplication.class)) {
			ConfigurableApplicationContext writer = instances.start("history-writer");
			fill(writer.getBean(Balances.class), commands);
			SnapshotStatus snapshot = awaitLastSnapshot(writer, commands);
			instances.stop(writer);
			Map<String, Object> taken = new LinkedHashMap<>();
			taken.put("commands", commands);
			taken.put("accounts", ACCOUNTS);
			taken.put("snapshotBytes", snapshot.sizeBytes());
			taken.put("snapshotMillis", snapshot.durationMillis());
			taken.put("coversOffset", snapshot.position().get(0));
			results.add(new Result("snapshot of " + ACCOUNTS + " accounts after " + commands + " commands", null, null,
					taken));
			String prefix = instances.topic("");
			results.add(restart(prefix, commands, true));
			results.add(restart(prefix, commands, false));
		}
		return results;
	}

	private Result restart(String prefix, long commands, boolean snapshots) throws Exception {
		String instanceId = "restarted-" + (snapshots ? "from-snapshot" : "from-log");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
				"-cp", System.getProperty("java.class.path"), RestartTarget.class.getName(), this.bootstrapServers,
				prefix, instanceId, String.valueOf(commands), String.valueOf(snapshots));
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				if (line.startsWith(RestartTarget.READY)) {
					long processToReady = (System.nanoTime() - start) / 1_000_000;
					Map<String, Object> figures = new LinkedHashMap<>();
					figures.put("commands", commands);
					figures.put("processStartToReadyMillis", processToReady);
					for (String figure : line.substring(RestartTarget.READY.length()).trim().split(" ")) {
						String[] pair = figure.split("=");
						figures.put(pair[0], Long.parseLong(pair[1]));
					}
					return new Result("restart to ready, " + commands + " commands, "
							+ (snapshots ? "from a snapshot" : "replaying the whole log"), null, null, figures);
				}
				if (line.contains("Restored") || line.contains("ERROR")) {
					System.out.println("  [restarted] " + line);
				}
			}
		}
		finally {
			process.destroy();
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		throw new IllegalStateException("The restarted instance exited before it was ready");
	}

	private static void fill(Balances balances, long commands) throws InterruptedException {
		Semaphore inFlight = new Semaphore(10_000);
		for (long i = 0; i < commands; i++) {
			inFlight.acquire();
			balances.depositLater("account-" + (i % ACCOUNTS), 1).whenComplete((balance, ex) -> inFlight.release());
		}
		if (!inFlight.tryAcquire(10_000, 10, TimeUnit.MINUTES)) {
			throw new IllegalStateException("The history was not written within 10 minutes");
		}
	}

	// The last snapshot due: the one at the end of the history, or at most one interval
	// before it.
	private static SnapshotStatus awaitLastSnapshot(ConfigurableApplicationContext writer, long commands)
			throws InterruptedException {
		KafkaReplication replication = writer.getBean(KafkaReplication.class);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		SnapshotStatus last = null;
		while (System.nanoTime() < deadline) {
			last = Objects.requireNonNull(replication.status(Balances.STATE)).snapshot();
			if (last != null && last.position().get(0) >= commands) {
				return last;
			}
			Thread.sleep(50);
		}
		if (last == null || last.position().get(0) < commands - EVERY_COMMANDS) {
			throw new IllegalStateException("No snapshot near the end of the history: " + last);
		}
		return last;
	}

}
