package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Blocking writers of a keyed state with 1, 3 or 6 partitions, applied by one thread per
 * partition on each of three instances: what more partitions buy.
 */
final class KeyedWritersBenchmark {

	// Enough keys that every partition gets its share.
	private static final int KEYS = 1024;

	private final String bootstrapServers;

	private final Map<String, String> settings;

	private final BlockingWritersBenchmark blocking;

	KeyedWritersBenchmark(String bootstrapServers, Map<String, String> settings, Window window) {
		this.bootstrapServers = bootstrapServers;
		this.settings = settings;
		this.blocking = new BlockingWritersBenchmark(window);
	}

	/**
	 * Measure each partition count with each number of callers.
	 * @param partitions the partition counts
	 * @param callers the numbers of blocking callers
	 * @return one result per partition count and number of callers
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
			}
		}
		return results;
	}

}
