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
 * @param starterWarmup how long asynchronous writes run on throw-away instances before
 * the first writer measurement of each write mode, so the starter's code is compiled
 * before it is measured
 * @param duration how long each measurement is measured
 * @param measured which of the starter's measurements run; raw Kafka always runs
 * @param callers the numbers of blocking callers to measure
 * @param replayCommands how many commands the replay measurement rebuilds from
 * @param restartCommands the histories the restart measurement restarts a state with
 * @param output where the JSON report goes
 * @param starterSettings {@code replication.*} settings of the measured instances
 * @param writeModes write modes to measure the starter in, one after the other against
 * the same raw baseline; empty for the configured one only
 * @param topologies topologies to measure the starter in, each in write mode
 * {@code transactional}; empty for the configured one only
 * @param brokers how many broker nodes the harness starts
 * @param keyedPartitions the partition counts the keyed measurement runs a keyed state
 * with
 * @param peerRounds how many times KCache and the starter are measured in turn
 * @param replayRounds how many times each replay is measured, each on a new log, with the
 * raw consumer of that log
 * @param networkDelayMicros time each byte between the clients and a broker is held, each
 * way, or 0
 */
record BenchmarkOptions(@Nullable String bootstrapServers, Map<String, String> brokerSettings, Duration brokerWarmup,
		Duration warmup, Duration starterWarmup, Duration duration, Set<String> measured, List<Integer> callers,
		int replayCommands, List<Long> restartCommands, Path output, Map<String, String> starterSettings,
		List<String> writeModes, List<String> topologies, int brokers, List<Integer> keyedPartitions, int peerRounds,
		int replayRounds, long networkDelayMicros) {

	static final Set<String> MEASUREMENTS = Set.of("blocking", "async", "replay", "apply", "template", "reads",
			"kcache", "restart", "snapshots", "keyed", "codecs", "envelopes");

	static final String USAGE = """
			Options (all optional):
			  --bootstrap-servers=HOST:PORT   use this broker instead of starting one
			  --broker.KEY=VALUE              a setting of the broker the harness starts
			  --replication.KEY=VALUE         a setting of the measured instances,
			                                  e.g. --replication.write-mode=transactional
			  --write-modes=idempotent,transactional
			                                  measure the starter in each write mode,
			                                  against the same raw baseline
			  --topologies=shared,partition-per-replica
			                                  measure the write benchmarks in each topology
			                                  (write mode transactional; the writer and two
			                                  appliers are the replica set)
			  --brokers=1                     broker nodes the harness starts (1 or 3; with
			                                  3, set --replication.topic.replication-factor)
			  --keyed-partitions=1,3,6        partitions of the keyed measurement's state
			  --network-delay-micros=0        hold every byte between the clients and each
			                                  broker this long each way, in a relay process
			                                  (500: a round trip of 1 ms, and the relay's
			                                  own time)
			  --broker-warmup-seconds=30      load on the broker before the first measurement
			  --warmup-seconds=5              warm-up before each measurement
			  --starter-warmup-seconds=20     asynchronous writes on throw-away instances
			                                  before each write mode's first writer
			                                  measurement, so the JIT is done
			  --seconds=10                    length of each measurement
			  --measure=blocking,async,replay,apply,template,reads,kcache,restart,snapshots,keyed,codecs,envelopes
			                                  the starter's measurements to run
			                                  (raw Kafka, the baseline, always runs)
			  --callers=1,4,16,64,256         numbers of blocking callers
			  --peer-rounds=1                 times KCache and the starter are measured in
			                                  turn; with more than one, each round is
			                                  checked and so is the median ratio
			  --replay-commands=1000000       commands in the replay and apply measurements
			  --replay-rounds=1               times each replay is measured, each on a new
			                                  log with its own raw consumer; with more than
			                                  one, each round is checked and so is the
			                                  median ratio
			  --restart-commands=1000000,10000000
			                                  histories the restart measurement restarts
			  --output=benchmarks/target/benchmark-results.json""";

	static BenchmarkOptions parse(String... arguments) {
		String bootstrapServers = null;
		Map<String, String> brokerSettings = new LinkedHashMap<>();
		Map<String, String> starterSettings = new LinkedHashMap<>();
		List<String> writeModes = List.of();
		List<String> topologies = List.of();
		int brokers = 1;
		List<Integer> keyedPartitions = List.of(1, 3, 6);
		int peerRounds = 1;
		int replayRounds = 1;
		long networkDelayMicros = 0;
		Duration brokerWarmup = Duration.ofSeconds(30);
		Duration warmup = Duration.ofSeconds(5);
		Duration starterWarmup = Duration.ofSeconds(20);
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
				case "starter-warmup-seconds" -> starterWarmup = Duration.ofSeconds(Long.parseLong(value));
				case "seconds" -> duration = Duration.ofSeconds(Long.parseLong(value));
				case "measure" -> measured = measurements(value);
				case "callers" ->
					callers = Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
				case "replay-commands" -> replayCommands = Integer.parseInt(value);
				case "restart-commands" ->
					restartCommands = Arrays.stream(value.split(",")).map(String::trim).map(Long::valueOf).toList();
				case "output" -> output = Path.of(value);
				case "write-modes" -> writeModes = Arrays.stream(value.split(",")).map(String::trim).toList();
				case "topologies" -> topologies = Arrays.stream(value.split(",")).map(String::trim).toList();
				case "brokers" -> brokers = Integer.parseInt(value);
				case "keyed-partitions" ->
					keyedPartitions = Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
				case "peer-rounds" -> peerRounds = Integer.parseInt(value);
				case "replay-rounds" -> replayRounds = Integer.parseInt(value);
				case "network-delay-micros" -> networkDelayMicros = Long.parseLong(value);
				default -> throw new IllegalArgumentException("Unknown option '--" + name + "'\n" + USAGE);
			}
		}
		if (!writeModes.isEmpty() && !topologies.isEmpty()) {
			throw new IllegalArgumentException("--topologies measures write mode transactional: drop --write-modes");
		}
		if (!topologies.isEmpty() && !Set.of("blocking", "async").containsAll(measured)) {
			throw new IllegalArgumentException("--topologies measures blocking and async writers only: add "
					+ "--measure=blocking or --measure=blocking,async");
		}
		if (peerRounds < 1) {
			throw new IllegalArgumentException("--peer-rounds is at least 1, not " + peerRounds);
		}
		if (replayRounds < 1) {
			throw new IllegalArgumentException("--replay-rounds is at least 1, not " + replayRounds);
		}
		if (brokers != 1 && brokers != 3) {
			throw new IllegalArgumentException("--brokers is 1 or 3, not " + brokers);
		}
		if (networkDelayMicros < 0) {
			throw new IllegalArgumentException("--network-delay-micros is at least 0, not " + networkDelayMicros);
		}
		if (bootstrapServers != null && networkDelayMicros > 0) {
			throw new IllegalArgumentException(
					"--network-delay-micros applies only to the brokers the harness starts, not to --bootstrap-servers");
		}
		if (bootstrapServers != null && !brokerSettings.isEmpty()) {
			throw new IllegalArgumentException(
					"--broker.* settings apply only to the broker the harness starts, " + "not to --bootstrap-servers");
		}
		return new BenchmarkOptions(bootstrapServers, Collections.unmodifiableMap(brokerSettings), brokerWarmup, warmup,
				starterWarmup, duration, measured, callers, replayCommands, restartCommands, output,
				Collections.unmodifiableMap(starterSettings), writeModes, topologies, brokers, keyedPartitions,
				peerRounds, replayRounds, networkDelayMicros);
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
