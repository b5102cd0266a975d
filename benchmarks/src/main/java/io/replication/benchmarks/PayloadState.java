package io.replication.benchmarks;

import java.util.concurrent.CompletableFuture;

/**
 * A replicated state the write and replay benchmarks write 100-byte payloads to.
 */
public interface PayloadState {

	/**
	 * Apply one payload, through the log.
	 * @param payload the payload
	 * @return how many payloads the state has applied after it
	 */
	long append(String payload);

	/**
	 * Apply one payload, through the log, without waiting.
	 * @param payload the payload
	 * @return completes with the count after it once this instance has applied it
	 */
	CompletableFuture<Long> appendLater(String payload);

	/**
	 * When this instance applied its first payload.
	 * @return a {@link System#nanoTime()} value, or 0 before the first
	 */
	long firstAppliedNanos();

	/**
	 * CPU time of the thread that applied the first payload, when it applied it: what
	 * that thread spent before the first command (starting its consumer, joining the
	 * group, the first fetch).
	 * @return nanoseconds, or 0 before the first
	 */
	long firstAppliedThreadCpuNanos();

	/**
	 * How many payloads this instance has applied.
	 * @return the count
	 */
	long size();

}
