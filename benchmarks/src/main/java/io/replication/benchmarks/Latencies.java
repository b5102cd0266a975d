package io.replication.benchmarks;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from any number of threads, read as percentiles in milliseconds.
 */
final class Latencies {

	private final Recorder recorder = new Recorder(TimeUnit.MINUTES.toNanos(1), 3);

	void record(long nanos) {
		this.recorder.recordValue(Math.min(nanos, TimeUnit.MINUTES.toNanos(1)));
	}

	/**
	 * Forget what was recorded so far, at the end of a warm-up.
	 */
	void reset() {
		this.recorder.reset();
	}

	/**
	 * Percentiles of what was recorded since the last reset; the recording starts over.
	 * @return p50, p99 and p99.9
	 */
	Percentiles percentiles() {
		var histogram = this.recorder.getIntervalHistogram();
		return new Percentiles(histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
				millis(histogram.getValueAtPercentile(99)), millis(histogram.getValueAtPercentile(99.9)));
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	record Percentiles(long count, double p50, double p99, double p999) {

	}

}
