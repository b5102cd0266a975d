package io.replication.benchmarks;

import java.util.concurrent.CompletableFuture;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * A replicated state that keeps only a count and the payloads' total length: what the
 * starter costs when the state's own work is as small as a raw consumer's, which counts
 * records. Its rows stand beside {@link PayloadLog}'s, whose growing heap bounds them on
 * these cores.
 */
@ReplicatedState(PayloadTally.STATE)
public class PayloadTally implements PayloadState {

	static final String STATE = "tally";

	private long count;

	// Each payload is decoded before the method is called, whatever it reads; its length
	// is enough to use it. Hashing its characters (a serial loop of 100 multiplies on JDK
	// 17) cost nearly half of a raw consumer's whole work per record.
	private long characters;

	private long firstAppliedNanos;

	private long firstAppliedThreadCpuNanos;

	@Override
	@ReplicatedWrite
	public synchronized long append(String payload) {
		if (this.count == 0) {
			this.firstAppliedNanos = System.nanoTime();
			this.firstAppliedThreadCpuNanos = ThreadCpu.byCurrentThread();
		}
		this.characters += payload.length();
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
