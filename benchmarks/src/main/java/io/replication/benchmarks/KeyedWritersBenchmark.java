package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Writers of a keyed state with 1, 3 or 6 partitions (or as many as asked), applied on
 * each of three instances by one thread per partition unless
 * {@code --replication.states.keyedcounters.apply-threads} says otherwise: what more
 * partitions buy. Blocking writers first, then four threads of asynchronous ones, which
 * keep a producer batch per partition filling.
 */
final class KeyedWritersBenchmark {

	// Enough keys that every partition gets its share.
	private static final int KEYS = 1024;

	private static final int ASYNC_THREADS = 4;

	private final String bootstrapServers;

	private final Map<String, String> settings;

	private final Window window;

	private final BlockingWritersBenchmark blocking;

	private final int maxInFlight;

	KeyedWritersBenchmark(String bootstrapServers, Map<String, String> settings, Window window, int maxInFlight) {
		this.bootstrapServers = bootstrapServers;
		this.settings = settings;
		this.window = window;
		this.blocking = new BlockingWritersBenchmark(window);
		this.maxInFlight = maxInFlight;
	}

	/**
	 * Measure each partition count with each number of callers.
	 * @param partitions the partition counts
	 * @param callers the numbers of blocking callers
	 * @return one result per partition count and number of callers, and one of
	 * asynchronous writers per partition count
	 */
	List<Result> run(List<Integer> partitions, List<Integer> callers) throws InterruptedException {
		List<Result> results = new ArrayList<>();
		for (int count : partitions) {
			Map<String, String> settings = new LinkedHashMap<>(this.settings);
			settings.put("replication.states." + KeyedCounters.STATE + ".partitions", String.valueOf(count));
			try (ServiceInstances instances = new ServiceInstances(this.bootstrapServers, settings,
					KeyedCountersApplication.class)) {
				KeyedCounters counters = instances.start("writer").getBean(KeyedCounters.class);
				instances.start("applier-1", "replication.role=replica");
				instances.start("applier-2", "replication.role=replica");
				for (int n : callers) {
					Result result = this.blocking.run("starter: keyed writers, " + count + " partition(s)", n,
							(number) -> counters.increment("key-" + (number % KEYS)));
					result.figures().put("partitions", count);
					results.add(result);
				}
				AtomicLong sequence = new AtomicLong();
				Result async = new AsyncWritersBenchmark("starter: keyed async writers, " + count + " partition(s)",
						(payload) -> counters.incrementLater("key-" + (sequence.incrementAndGet() % KEYS)), this.window,
						this.maxInFlight)
					.run(ASYNC_THREADS);
				async.figures().put("partitions", count);
				results.add(async);
			}
		}
		return results;
	}

}
