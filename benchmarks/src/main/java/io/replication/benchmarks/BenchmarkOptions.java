package io.replication.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a run measures and against which broker, from the command line.
 *
 * @param bootstrapServers an existing broker to use, or {@code null} to start one
 * @param brokerSettings settings of the broker the harness starts, on top of Kafka's
 * defaults
 * @param brokerWarmup how long the broker is loaded before the first measurement
 * @param warmup how long each measurement runs before it is measured
 * @param duration how long each measurement is measured
 * @param measured which of the starter's measurements run; raw Kafka always runs
 * @param callers the numbers of blocking callers to measure
 * @param replayCommands how many commands the replay measurement rebuilds from
 * @param restartCommands the histories the restart measurement restarts a state with
 * @param output where the JSON report goes
 * @param starterSettings {@code replication.*} settings of the measured instances
 * @param writeModes write modes to measure the starter in, one after the other against
 * the same raw baseline; empty for the configured one only
 */
record BenchmarkOptions(@Nullable String bootstrapServers, Map<String, String> brokerSettings, Duration brokerWarmup,
		Duration warmup, Duration duration, Set<String> measured, List<Integer> callers, int replayCommands,
		List<Long> restartCommands, Path output, Map<String, String> starterSettings, List<String> writeModes) {

	static final Set<String> MEASUREMENTS = Set.of("blocking", "async", "replay", "apply", "template", "reads",
			"kcache", "restart", "snapshots");

	static final String USAGE = """
			Options (all optional):
			  --bootstrap-servers=HOST:PORT   use this broker instead of starting one
			  --broker.KEY=VALUE              a setting of the broker the harness starts
			  --replication.KEY=VALUE         a setting of the measured instances,
			                                  e.g. --replication.write-mode=transactional
			  --write-modes=idempotent,transactional
			                                  measure the starter in each write mode,
			                                  against the same raw baseline
			  --broker-warmup-seconds=30      load on the broker before the first measurement
			  --warmup-seconds=5              warm-up before each measurement
			  --seconds=10                    length of each measurement
			  --measure=blocking,async,replay,apply,template,reads,kcache,restart,snapshots
			                                  the starter's measurements to run
			                                  (raw Kafka, the baseline, always runs)
			  --callers=1,4,16,64,256         numbers of blocking callers
			  --replay-commands=1000000       commands in the replay and apply measurements
			  --restart-commands=1000000,10000000
			                                  histories the restart measurement restarts
			  --output=benchmarks/target/benchmark-results.json""";

	static BenchmarkOptions parse(String... arguments) {
		String bootstrapServers = null;
		Map<String, String> brokerSettings = new LinkedHashMap<>();
		Map<String, String> starterSettings = new LinkedHashMap<>();
		List<String> writeModes = List.of();
		Duration brokerWarmup = Duration.ofSeconds(30);
		Duration warmup = Duration.ofSeconds(5);
		Duration duration = Duration.ofSeconds(10);
		Set<String> measured = MEASUREMENTS;
		List<Integer> callers = List.of(1, 4, 16, 64, 256);
		int replayCommands = 1_000_000;
		List<Long> restartCommands = List.of(1_000_000L, 10_000_000L);
		Path output = Path.of("benchmarks", "target", "benchmark-results.json");
		for (String argument : arguments) {
			int equals = argument.indexOf('=');
			if (!argument.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Unknown argument '" + argument + "'\n" + USAGE);
			}
			String name = argument.substring(2, equals);
			String value = argument.substring(equals + 1);
			if (name.startsWith("broker.")) {
				brokerSettings.put(name.substring("broker.".length()), value);
				continue;
			}
			if (name.startsWith("replication.")) {
				starterSettings.put(name, value);
				continue;
			}
			switch (name) {
				case "bootstrap-servers" -> bootstrapServers = value;
				case "broker-warmup-seconds" -> brokerWarmup = Duration.ofSeconds(Long.parseLong(value));
				case "warmup-seconds" -> warmup = Duration.ofSeconds(Long.parseLong(value));
				case "seconds" -> duration = Duration.ofSeconds(Long.parseLong(value));
				case "measure" -> measured = measurements(value);
				case "callers" ->
					callers = Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
				case "replay-commands" -> replayCommands = Integer.parseInt(value);
				case "restart-commands" ->
					restartCommands = Arrays.stream(value.split(",")).map(String::trim).map(Long::valueOf).toList();
				case "output" -> output = Path.of(value);
				case "write-modes" -> writeModes = Arrays.stream(value.split(",")).map(String::trim).toList();
				default -> throw new IllegalArgumentException("Unknown option '--" + name + "'\n" + USAGE);
			}
		}
		if (bootstrapServers != null && !brokerSettings.isEmpty()) {
			throw new IllegalArgumentException(
					"--broker.* settings apply only to the broker the harness starts, " + "not to --bootstrap-servers");
		}
		return new BenchmarkOptions(bootstrapServers, Collections.unmodifiableMap(brokerSettings), brokerWarmup, warmup,
				duration, measured, callers, replayCommands, restartCommands, output,
				Collections.unmodifiableMap(starterSettings), writeModes);
	}

	private static Set<String> measurements(String value) {
		Set<String> measured = new LinkedHashSet<>(Arrays.stream(value.split(",")).map(String::trim).toList());
		for (String name : measured) {
			if (!MEASUREMENTS.contains(name)) {
				throw new IllegalArgumentException("Unknown measurement '" + name + "'\n" + USAGE);
			}
		}
		return measured;
	}

}
