package io.replication.benchmarks;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * A warm-up followed by a measured window, over work that runs on other threads and
 * counts what it completes.
 */
final class Window {

	private final Duration warmup;

	private final Duration duration;

	Window(Duration warmup, Duration duration) {
		this.warmup = warmup;
		this.duration = duration;
	}

	/**
	 * Let the work warm up, then measure it.
	 * @param completed what the work has completed so far
	 * @param latencies the work's latencies, reset after the warm-up
	 * @return the measurement
	 */
	Measured measure(LongAdder completed, Latencies latencies) throws InterruptedException {
		Thread.sleep(this.warmup.toMillis());
		latencies.reset();
		Allocations allocations = Allocations.start();
		long before = completed.sum();
		long start = System.nanoTime();
		Thread.sleep(this.duration.toMillis());
		long count = completed.sum() - before;
		double seconds = (System.nanoTime() - start) / 1e9;
		long allocated = allocations.allocated();
		return new Measured(count, count / seconds, latencies.percentiles(), (count > 0) ? allocated / count : 0);
	}

	record Measured(long count, double rate, Latencies.Percentiles latency, long bytesAllocatedPerOperation) {

	}

}
