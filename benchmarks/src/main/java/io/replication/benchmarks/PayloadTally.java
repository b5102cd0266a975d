package io.replication.benchmarks;

import java.util.concurrent.CompletableFuture;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * A replicated state that reads every payload and keeps only a count and a checksum: what
 * the starter costs when the state's own work is as small as a raw consumer's. Its rows
 * stand beside {@link PayloadLog}'s, whose growing heap bounds them on these cores.
 */
@ReplicatedState(PayloadTally.STATE)
public class PayloadTally implements PayloadState {

	static final String STATE = "tally";

	private long count;

	// Reading each payload's characters keeps the work from being optimized away.
	private long checksum;

	private long firstAppliedNanos;

	private long firstAppliedThreadCpuNanos;

	@Override
	@ReplicatedWrite
	public synchronized long append(String payload) {
		if (this.count == 0) {
			this.firstAppliedNanos = System.nanoTime();
			this.firstAppliedThreadCpuNanos = ThreadCpu.byCurrentThread();
		}
		this.checksum = 31 * this.checksum + payload.hashCode();
		return ++this.count;
	}

	@Override
	@ReplicatedWrite("appendAsync")
	public CompletableFuture<Long> appendLater(String payload) {
		return CompletableFuture.completedFuture(append(payload));
	}

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
		return this.count;
	}

}
