package io.replication.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.replication.kafka.EnvelopeDecoding;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Measures the starter against raw Kafka on the same broker in one run, and prints a
 * table and the targets it checked. Not a test: run it on demand (see the README).
 */
public final class Benchmarks {

	private static final int MAX_IN_FLIGHT = 10_000;

	// Per thread and round of the envelope measurement: each round takes about a second.
	private static final int ENVELOPE_DECODES = 5_000_000;

	private Benchmarks() {
	}

	public static void main(String[] arguments) throws Exception {
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(arguments);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		if (options.bootstrapServers() != null) {
			run(options, options.bootstrapServers(), Map.of("external", options.bootstrapServers()),
					ProcessCpu.of(List.of()));
			return;
		}
		Path directory = Files.createTempDirectory("replication-benchmark-broker");
		System.out.println("Starting " + options.brokers() + " Kafka broker process(es); their logs: " + directory);
		List<BrokerProcess> brokers = BrokerProcess.startCluster(directory, options.brokers(), options.brokerSettings(),
				options.networkDelayMicros());
		try {
			String bootstrapServers = String.join(",", brokers.stream().map(BrokerProcess::bootstrapServers).toList());
			Map<String, String> settings = new LinkedHashMap<>(brokers.get(0).settings());
			settings.put("nodes", String.valueOf(brokers.size()));
			run(options, bootstrapServers, settings,
					ProcessCpu.of(brokers.stream().map(BrokerProcess::processHandle).toList()));
		}
		finally {
			for (BrokerProcess broker : brokers) {
				broker.close();
			}
		}
		FileSystemUtils.deleteRecursively(directory);
	}

	private static void run(BenchmarkOptions options, String bootstrapServers, Map<String, String> broker,
			ProcessCpu cpu) throws Exception {
		Window window = new Window(options.warmup(), options.duration(), cpu);
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("started", Instant.now().toString());
		run.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		run.put("processors", Runtime.getRuntime().availableProcessors());
		// Heap flags alone moved the replay's rate two to three times: the run names
		// them.
		run.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
		run.put("maxHeapFreeRatio", CommittedHeap.keep());
		run.put("brokerWarmupSeconds", options.brokerWarmup().toSeconds());
		run.put("warmupSeconds", options.warmup().toSeconds());
		run.put("starterWarmupSeconds", options.starterWarmup().toSeconds());
		run.put("seconds", options.duration().toSeconds());
		run.put("broker", broker);
		run.put("brokerSettingsBeyondDefaults", options.brokerSettings());
		run.put("starterSettingsBeyondDefaults", options.starterSettings());
		Report report = new Report(run);

		RawKafkaBenchmark raw = new RawKafkaBenchmark(bootstrapServers, options.warmup(), options.duration());
		System.out.println("Loading the broker for " + options.brokerWarmup().toSeconds() + " s before measuring");
		raw.warmUpBroker(options.brokerWarmup());
		RawKafkaBenchmark.Produced produced = progress(raw.pipelinedProducer());
		report.add(produced.result());
		Result rawConsumer = progress(raw.readCommittedConsumer(produced));
		report.add(rawConsumer);
		Result rawLatency = progress(raw.oneRecordLatency());
		report.add(rawLatency);
		double rawP50 = rawLatency.latency().p50();
		if (options.measured().contains("blocking") || options.measured().contains("async")) {
			rawReplicas(options, window, bootstrapServers, report);
		}

		for (Pass pass : Pass.of(options)) {
			if (options.measured().contains("blocking") || options.measured().contains("async")) {
				writers(options, window, pass, bootstrapServers, report, rawP50, produced.result().rate());
			}
			if (options.measured().contains("replay")) {
				replay(options, pass, bootstrapServers, report, raw, rawConsumer.rate());
			}
		}
		if (options.measured().contains("kcache")) {
			againstPeer(options, window, bootstrapServers, report);
		}
		if (options.measured().contains("reads")) {
			new ReadPathBenchmark(bootstrapServers, options.starterSettings(), options.warmup(), options.duration())
				.run()
				.forEach((result) -> report.add(progress(result)));
		}
		if (options.measured().contains("template")) {
			new TemplateOverheadBenchmark(bootstrapServers, options.warmup(), options.duration()).run()
				.forEach((result) -> report.add(progress(result)));
		}
		if (options.measured().contains("restart")) {
			RestartBenchmark restart = new RestartBenchmark(bootstrapServers);
			for (long commands : options.restartCommands()) {
				restart.run(commands).forEach((result) -> report.add(progress(result)));
			}
		}
		if (options.measured().contains("snapshots")) {
			new SnapshotLatencyBenchmark(bootstrapServers, window).run()
				.forEach((result) -> report.add(progress(result)));
		}
		if (options.measured().contains("keyed")) {
			new KeyedWritersBenchmark(bootstrapServers, options.starterSettings(), window, MAX_IN_FLIGHT)
				.run(options.keyedPartitions(), options.callers())
				.forEach((result) -> report.add(progress(result)));
		}
		if (options.measured().contains("apply")) {
			ApplyPathBenchmark apply = new ApplyPathBenchmark(options.replayCommands());
			report.add(progress(apply.keepingNothing()));
			report.add(progress(apply.keepingEveryEntry()));
			report.add(progress(apply.takingRecords()));
		}
		if (options.measured().contains("codecs")) {
			new CodecBenchmark().run().forEach((result) -> report.add(progress(result)));
		}
		if (options.measured().contains("envelopes")) {
			Map<String, Object> figures = EnvelopeDecoding.measure(ENVELOPE_DECODES);
			double oneCommand = (double) figures.get("oneCommandMedianNanos");
			report.add(progress(
					Result.rate("starter: envelope decodes, one state, one command", 1e9 / oneCommand, figures)));
		}
		report.print(System.out);
		report.write(options.output());
		System.out.println("\nJSON: " + options.output().toAbsolutePath());
	}

	/**
	 * KCache and the starter in each pass, in turn, round after round. On a busy machine
	 * one round's ratio moves more than the gaps the targets judge, so with several
	 * rounds each is checked, and so is the median of each target's ratio. KCache goes
	 * first in odd rounds and last in even ones, so that neither side always measures on
	 * a broker the other has just loaded.
	 */
	private static void againstPeer(BenchmarkOptions options, Window window, String bootstrapServers, Report report)
			throws Exception {
		PeerBenchmark peer = new PeerBenchmark(bootstrapServers, window, options.callers());
		int rounds = options.peerRounds();
		Map<PeerTarget, List<Double>> ratios = new LinkedHashMap<>();
		for (int round = 1; round <= rounds; round++) {
			String suffix = roundSuffix(rounds, round);
			boolean kcacheFirst = round % 2 == 1;
			List<Result> kcache = kcacheFirst ? measured(report, peer.kcache(), suffix) : List.of();
			Map<Pass, List<Result>> starters = new LinkedHashMap<>();
			for (Pass pass : Pass.of(options)) {
				starters.put(pass, measured(report, peer.starter(pass), suffix));
			}
			if (!kcacheFirst) {
				kcache = measured(report, peer.kcache(), suffix);
			}
			for (Map.Entry<Pass, List<Result>> starter : starters.entrySet()) {
				checkAgainstPeer(report, starter.getKey(), options.callers(), starter.getValue(), kcache, suffix,
						ratios);
			}
		}
		if (rounds > 1) {
			ratios.forEach((target, values) -> {
				double median = median(values);
				report.check("median over " + rounds + " rounds: " + target.name(), median, 1.0,
						target.atMostOne() ? median <= 1.0 : median >= 1.0);
			});
		}
	}

	// The targets against KCache: at least its writes/s with 16 and 64 blocking writers,
	// and a single writer's p50 no higher than its. Each target's ratio to KCache's
	// figure is added to the ratios.
	private static void checkAgainstPeer(Report report, Pass pass, List<Integer> callers, List<Result> starter,
			List<Result> kcache, String suffix, Map<PeerTarget, List<Double>> ratios) {
		for (int i = 0; i < callers.size(); i++) {
			int n = callers.get(i);
			Result mine = starter.get(i);
			Result peer = kcache.get(i);
			if (n == 1) {
				double p50 = mine.latency().p50();
				double peerP50 = peer.latency().p50();
				report.check(pass.label("single writer p50, ms (at most KCache's)" + suffix), p50, peerP50,
						p50 <= peerP50);
				ratios
					.computeIfAbsent(new PeerTarget(pass.label("single writer p50 ÷ KCache's (at most 1)"), true),
							(key) -> new ArrayList<>())
					.add(p50 / peerP50);
			}
			if (n == 16 || n == 64) {
				report.check(pass.label("writes/s with " + n + " blocking writers (at least KCache's)" + suffix),
						mine.rate(), peer.rate(), mine.rate() >= peer.rate());
				ratios
					.computeIfAbsent(new PeerTarget(
							pass.label("writes/s with " + n + " blocking writers ÷ KCache's (at least 1)"), false),
							(key) -> new ArrayList<>())
					.add(mine.rate() / peer.rate());
			}
		}
	}

	// Name each result for its round and add it to the report.
	private static List<Result> measured(Report report, List<Result> results, String suffix) {
		List<Result> named = results.stream().map((result) -> result.named(result.name() + suffix)).toList();
		named.forEach((result) -> report.add(progress(result)));
		return named;
	}

	// What names a round's rows and checks, when there is more than one round.
	private static String roundSuffix(int rounds, int round) {
		return (rounds > 1) ? " (round " + round + ")" : "";
	}

	private static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	// Raw Kafka in the write benchmarks' shape, three readers and then one (the writer
	// alone): what bounds the starter's writer rows on these cores.
	private static void rawReplicas(BenchmarkOptions options, Window window, String bootstrapServers, Report report)
			throws Exception {
		for (int readers : new int[] { 3, 1 }) {
			try (RawReplicasBenchmark replicas = RawReplicasBenchmark.start(bootstrapServers, readers)) {
				String name = "raw: " + readers + " reader(s), ";
				if (options.measured().contains("blocking")) {
					report.add(progress(new BlockingWritersBenchmark(window).run(name + "blocking writers", 1,
							(number) -> replicas.writeAndWait(Payloads.of(number)))));
				}
				if (options.measured().contains("async")) {
					report.add(progress(
							new AsyncWritersBenchmark(name + "async writers", replicas::write, window, MAX_IN_FLIGHT)
								.run(1)));
				}
			}
		}
	}

	private static void writers(BenchmarkOptions options, Window window, Pass pass, String bootstrapServers,
			Report report, double rawP50, double rawProducerRate) throws Exception {
		warmUpStarter(options, window, pass, bootstrapServers);
		// Blocking writers write the state that keeps every payload; asynchronous ones
		// write it and then one that keeps a tally, whose heap does not grow.
		List<PayloadService> services = options.measured().contains("async") ? PayloadService.BOTH
				: List.of(PayloadService.KEEPS_EVERY_PAYLOAD);
		for (PayloadService service : services) {
			try (ServiceInstances instances = new ServiceInstances(bootstrapServers, pass.settings(),
					service.application())) {
				// The appliers only apply: in the partition-per-replica topology an
				// active one would take writing over.
				ConfigurableApplicationContext writer = instances.start("writer");
				ConfigurableApplicationContext applier1 = instances.start("applier-1", "replication.role=replica");
				ConfigurableApplicationContext applier2 = instances.start("applier-2", "replication.role=replica");
				PayloadState state = writer.getBean(service.stateType());
				if (options.measured().contains("blocking") && service == PayloadService.KEEPS_EVERY_PAYLOAD) {
					blockingWriters(options, pass, state, new BlockingWritersBenchmark(window), report, rawP50);
				}
				if (options.measured().contains("async")) {
					asyncWriters(pass, service, state, window, report, rawProducerRate);
					// Again with no other instance applying on these cores: what the two
					// extra appliers took.
					instances.stop(applier1);
					instances.stop(applier2);
					AsyncWritersBenchmark alone = new AsyncWritersBenchmark(
							"starter: async writers, " + service.description() + ", writer alone", state::appendLater,
							window, MAX_IN_FLIGHT);
					report.add(progress(pass.label(alone.run(1))));
				}
			}
		}
	}

	// The first starter rows of a run measured the JIT compiling the starter's code: C2
	// took 14 to 20% of the harness's CPU in them, and none in the rows after. Writes on
	// throw-away instances first, unmeasured, as the raw rows have the broker's warm-up.
	private static void warmUpStarter(BenchmarkOptions options, Window window, Pass pass, String bootstrapServers)
			throws Exception {
		if (options.starterWarmup().isZero()) {
			return;
		}
		System.out.println("Warming the starter up for " + options.starterWarmup().toSeconds() + " s");
		PayloadService service = PayloadService.KEEPS_A_TALLY;
		try (ServiceInstances instances = new ServiceInstances(bootstrapServers, pass.settings(),
				service.application())) {
			PayloadState state = instances.start("warm-up-writer").getBean(service.stateType());
			instances.start("warm-up-applier-1", "replication.role=replica");
			instances.start("warm-up-applier-2", "replication.role=replica");
			new AsyncWritersBenchmark("warm-up", state::appendLater, window.warmingUpFor(options.starterWarmup()),
					MAX_IN_FLIGHT)
				.run(4);
		}
	}

	private static void asyncWriters(Pass pass, PayloadService service, PayloadState state, Window window,
			Report report, double rawProducerRate) throws InterruptedException {
		AsyncWritersBenchmark async = new AsyncWritersBenchmark("starter: async writers, " + service.description(),
				state::appendLater, window, MAX_IN_FLIGHT);
		for (int threads : new int[] { 1, 4 }) {
			Result result = progress(pass.label(async.run(threads)));
			report.add(result);
			double bound = 0.6 * rawProducerRate;
			report.check(pass.label("async writes/s, " + threads + " thread(s), " + service.description()
					+ " (at least 0.6 of the raw producer)"), result.rate(), bound, result.rate() >= bound);
		}
	}

	private static void blockingWriters(BenchmarkOptions options, Pass pass, PayloadState log,
			BlockingWritersBenchmark blocking, Report report, double rawP50) throws InterruptedException {
		for (int callers : options.callers()) {
			Result result = progress(pass.label(
					blocking.run("starter: blocking writers", callers, (number) -> log.append(Payloads.of(number)))));
			report.add(result);
			if (callers == 1) {
				double allocated = ((Number) result.figures().get("bytesAllocatedPerWrite")).doubleValue();
				report.check(pass.label("bytes allocated per write, one blocking caller (at most 10 KB)"), allocated,
						10_240, allocated <= 10_240);
				double aboveRaw = result.latency().p50() - rawP50;
				report.check(pass.label("single caller p50 minus raw p50, ms (at most 0.5)"), aboveRaw, 0.5,
						aboveRaw <= 0.5);
			}
			if (callers == 16 || callers == 64) {
				double bound = 0.5 * callers / (rawP50 / 1000);
				report.check(
						pass.label("writes/s with " + callers + " blocking callers (at least half of N / raw p50)"),
						result.rate(), bound, result.rate() >= bound);
			}
		}
	}

	/**
	 * Each state's replay, round after round, each on a new log with the raw consumer of
	 * that log. Page faults and the JIT move one replay, or one raw consumer, by more
	 * than the target's margin, so with several rounds each is checked, and so is the
	 * median of the ratios.
	 */
	private static void replay(BenchmarkOptions options, Pass pass, String bootstrapServers, Report report,
			RawKafkaBenchmark raw, double rawConsumerRate) throws Exception {
		int rounds = options.replayRounds();
		for (PayloadService service : PayloadService.BOTH) {
			List<Double> ratios = new ArrayList<>();
			for (int round = 1; round <= rounds; round++) {
				String suffix = roundSuffix(rounds, round);
				ratios.add(replayOnce(options, pass, bootstrapServers, report, raw, rawConsumerRate, service, suffix));
			}
			if (rounds > 1) {
				double median = median(ratios);
				report.check(
						pass.label("median over " + rounds + " rounds: replay commands/s ÷ a raw consumer of "
								+ "the same log, " + service.description() + " (at least 0.6)"),
						median, 0.6, median >= 0.6);
			}
		}
	}

	// One replay into a new instance, checked against the raw consumer of the same log;
	// returns the ratio of their rates.
	private static double replayOnce(BenchmarkOptions options, Pass pass, String bootstrapServers, Report report,
			RawKafkaBenchmark raw, double rawConsumerRate, PayloadService service, String suffix) throws Exception {
		ReplayBenchmark.Replayed replayed = new ReplayBenchmark(bootstrapServers, options.replayCommands(),
				pass.settings(), service)
			.run();
		Result replay = progress(pass.label(replayed.result().named(replayed.result().name() + suffix)));
		report.add(replay);
		// The same log read by a consumer that deserializes nothing: what the starter's
		// records cost Kafka, apart from decoding and applying them. Issue 17's target
		// compares with it; the raw consumer of the harness's own log is reported too.
		// Like the replay, it starts on a collected heap (see ReplayBenchmark.run()).
		Result sameLog = progress(pass.label(raw.readCommittedConsumer(
				"raw: read_committed consumer of the replayed log, " + service.description() + suffix,
				replayed.topic())));
		report.add(sameLog);
		String what = "replay commands/s, " + service.description();
		double replayBound = 0.6 * sameLog.rate();
		report.check(pass.label(what + " (at least 0.6 of a raw consumer of the same log)" + suffix), replay.rate(),
				replayBound, replay.rate() >= replayBound);
		double baselineBound = 0.6 * rawConsumerRate;
		report.check(pass.label(what + " (at least 0.6 of the raw consumer of 100-byte records)" + suffix),
				replay.rate(), baselineBound, replay.rate() >= baselineBound);
		double replaySeconds = (double) replay.figures().get("seconds");
		report.check(pass.label("replay seconds for " + options.replayCommands() + " commands, " + service.description()
				+ " (under 10)" + suffix), replaySeconds, 10, replaySeconds < 10);
		return replay.rate() / sameLog.rate();
	}

	private static Result progress(Result result) {
		System.out.println("measured: " + result.name());
		return result;
	}

	private static RawKafkaBenchmark.Produced progress(RawKafkaBenchmark.Produced produced) {
		progress(produced.result());
		return produced;
	}

	/**
	 * A target against KCache, met by a ratio to KCache's figure of at most 1 (a latency)
	 * or at least 1 (a rate).
	 *
	 * @param name the target, as the report names it
	 * @param atMostOne whether the ratio must be at most 1
	 */
	private record PeerTarget(String name, boolean atMostOne) {

	}

}
