package io.replication.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * A new instance rebuilding a state from a log of many commands: how long until it has
 * applied them all, and how much heap the rebuilt state takes. Two new instances replay
 * the log in turn, and the second is measured.
 */
final class ReplayBenchmark {

	private static final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

	private final String bootstrapServers;

	private final int commands;

	private final Map<String, String> settings;

	private final PayloadService service;

	ReplayBenchmark(String bootstrapServers, int commands, Map<String, String> settings, PayloadService service) {
		this.bootstrapServers = bootstrapServers;
		this.settings = settings;
		this.commands = commands;
		this.service = service;
	}

	/**
	 * Fill a log, replay it into two new instances in turn, and stop them. The replayed
	 * state is collected before this returns, so what is measured next (the raw consumer
	 * of the same log) does not pay for it: collecting it while that consumer read made
	 * its rate vary tenfold between runs.
	 * @return the figures and the topic replayed
	 */
	Replayed run() throws Exception {
		Replayed replayed = replay();
		usedHeapAfterGc();
		return replayed;
	}

	private Replayed replay() throws Exception {
		try (ServiceInstances instances = new ServiceInstances(this.bootstrapServers, this.settings,
				this.service.application())) {
			ConfigurableApplicationContext writer = instances.start("replay-writer");
			fill(writer.getBean(this.service.stateType()));
			instances.stop(writer);
			// The raw consumer measured after the replay reads with the JIT's work
			// and the broker's first large fetches behind it; the replay that comes
			// first in the JVM does not. So the replay measured is the second, on a
			// warm JVM like that consumer's, and the first one's rate is reported too:
			// closer to what a newly started process sees.
			double coldRate = this.commands / replayOnce(instances, "replay-cold").applySeconds();
			Timed replay = replayOnce(instances, "replayer");
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("commands", this.commands);
			figures.put("seconds", replay.seconds());
			figures.put("applySeconds", replay.applySeconds());
			figures.put("coldCommandsPerSecond", Math.round(coldRate));
			figures.put("applyThreadBytesPerCommand", replay.applyThreadBytes() / this.commands);
			figures.put("applyThreadCpuNanosPerCommand", replay.applyThreadCpuNanos() / this.commands);
			figures.put("applyThreadCpuMillisBeforeFirstCommand", replay.startCpuNanos() / 1_000_000);
			figures.put("heapBytesPerMillionEntries", replay.heapBytes() * 1_000_000L / this.commands);
			return new Replayed(instances.topic(this.service.stateName()), Result.rate(
					"starter: replay " + this.commands + " commands into a new instance, " + this.service.description(),
					this.commands / replay.applySeconds(), figures));
		}
	}

	/**
	 * Start a new instance, wait until it has applied the whole log, and stop it.
	 */
	private Timed replayOnce(ServiceInstances instances, String instanceId) throws Exception {
		long heapBefore = usedHeapAfterGc();
		long start = System.nanoTime();
		ConfigurableApplicationContext replayer = instances.launch(instanceId);
		PayloadState log = replayer.getBean(this.service.stateType());
		while (log.size() < this.commands) {
			Thread.sleep(1);
		}
		long end = System.nanoTime();
		// The new instance's apply threads were born for this replay (the instances
		// before it are stopped, with their threads): all they allocated is fetching
		// and applying it.
		String applyThreads = "replication-apply-" + this.service.stateName() + "-";
		long applyThreadBytes = Allocations.byThreadsNamed(applyThreads);
		// The state has one partition, so one apply thread: its CPU from the first
		// command on compares with the raw consumer's, whose clock starts once it is
		// assigned. Before it, the thread started its consumer and joined the group.
		long applyThreadCpuNanos = ThreadCpu.byThreadsNamed(applyThreads);
		long startCpuNanos = log.firstAppliedThreadCpuNanos();
		long heapAfter = usedHeapAfterGc();
		// From start-up to the last command, and from the first command to the last:
		// the second compares with a raw consumer reading the same number of records.
		Timed timed = new Timed((end - start) / 1e9, (end - log.firstAppliedNanos()) / 1e9, applyThreadBytes,
				applyThreadCpuNanos - startCpuNanos, startCpuNanos, heapAfter - heapBefore);
		instances.stop(replayer);
		return timed;
	}

	private void fill(PayloadState log) throws InterruptedException {
		Semaphore inFlight = new Semaphore(10_000);
		for (int i = 0; i < this.commands; i++) {
			inFlight.acquire();
			log.appendLater(Payloads.of(i)).whenComplete((size, ex) -> inFlight.release());
		}
		// Every permit back means every write completed.
		if (!inFlight.tryAcquire(10_000, 5, TimeUnit.MINUTES) || log.size() != this.commands) {
			throw new IllegalStateException("The replay log was not filled: " + log.size() + " commands");
		}
	}

	// Heap in use once garbage is collected; two collections give a steadier figure.
	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 2; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	// What one replay took: seconds from start-up and from the first command, what its
	// apply threads allocated and spent from the first command on, and its state's heap.
	private record Timed(double seconds, double applySeconds, long applyThreadBytes, long applyThreadCpuNanos,
			long startCpuNanos, long heapBytes) {

	}

	/**
	 * What a replay measured, and the topic it replayed.
	 *
	 * @param topic the log the new instance rebuilt its state from
	 * @param result the replay's figures
	 */
	record Replayed(String topic, Result result) {

	}

}
