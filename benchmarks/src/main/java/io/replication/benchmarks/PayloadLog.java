package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * The replicated state the benchmarks write: a list of 100-byte strings.
 */
@ReplicatedState(PayloadLog.STATE)
public class PayloadLog implements PayloadState {

	static final String STATE = "payloads";

	private final List<String> entries = new ArrayList<>();

	// When the first payload was applied here, so replay can be timed from it.
	private long firstAppliedNanos;

	private long firstAppliedThreadCpuNanos;

	/**
	 * Append one payload.
	 * @param payload the payload
	 * @return how many payloads the log holds after it
	 */
	@Override
	@ReplicatedWrite
	public synchronized long append(String payload) {
		if (this.entries.isEmpty()) {
			this.firstAppliedNanos = System.nanoTime();
			this.firstAppliedThreadCpuNanos = ThreadCpu.byCurrentThread();
		}
		this.entries.add(payload);
		return this.entries.size();
	}

	/**
	 * Append one payload without waiting.
	 * @param payload the payload
	 * @return completes with the size after it once this instance has applied it
	 */
	@Override
	@ReplicatedWrite("appendAsync")
	public CompletableFuture<Long> appendLater(String payload) {
		return CompletableFuture.completedFuture(append(payload));
	}

	/**
	 * When this instance applied its first payload.
	 * @return a {@link System#nanoTime()} value, or 0 while the log is empty
	 */
	@Override
	public synchronized long firstAppliedNanos() {
		return this.firstAppliedNanos;
	}

	@Override
	public synchronized long firstAppliedThreadCpuNanos() {
		return this.firstAppliedThreadCpuNanos;
	}

	@Override
	public synchronized long size() {
		return this.entries.size();
	}

}
