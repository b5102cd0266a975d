package io.replication.benchmarks;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One line of the report.
 *
 * @param name what was measured
 * @param rate operations per second, if a rate was measured
 * @param latency latency percentiles, if latencies were measured
 * @param figures other figures, by name
 */
record Result(String name, @Nullable Double rate, Latencies.@Nullable Percentiles latency,
		Map<String, Object> figures) {

	static Result rate(String name, double rate, Map<String, Object> figures) {
		return new Result(name, rate, null, figures);
	}

	Result named(String name) {
		return new Result(name, this.rate, this.latency, this.figures);
	}

}
