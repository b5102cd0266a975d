package io.replication.benchmarks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * The keyed measurement's state: counters keyed by name, each command touching only its
 * own key, so that the state may have several partitions and apply threads.
 */
@ReplicatedState(KeyedCounters.STATE)
public class KeyedCounters {

	static final String STATE = "keyedcounters";

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	/**
	 * Count one more.
	 * @param key the counter
	 * @return its count after this one
	 */
	@ReplicatedWrite(key = "#p0")
	public long increment(String key) {
		return this.counts.merge(key, 1L, Long::sum);
	}

	/**
	 * Count one more, without waiting: the caller gets a future of the count.
	 * @param key the counter
	 * @return its count after this one, once applied
	 */
	@ReplicatedWrite(name = "incrementAsync", key = "#p0")
	public CompletableFuture<Long> incrementLater(String key) {
		return CompletableFuture.completedFuture(increment(key));
	}

}
