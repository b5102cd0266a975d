package io.replication.sample.crash;

import java.time.Duration;
import java.util.List;
import java.util.LongSummaryStatistics;

import io.replication.sample.crash.BankLoad.Write;

/**
 * Prints what a crash test measured, for the record: tests assert outcomes, and these
 * figures say how the system got there.
 */
final class CrashReport {

	private CrashReport() {
	}

	static void print(String test, String figures) {
		System.out.println("[crash-test] " + test + ": " + figures);
	}

	/**
	 * Describe the latency of acknowledged writes started within a window.
	 * @param writes the writes
	 * @param fromNanos start of the window
	 * @param toNanos end of the window
	 * @return count, p50 and max in milliseconds
	 */
	static String latency(List<Write> writes, long fromNanos, long toNanos) {
		List<Long> millis = writes.stream()
			.filter((write) -> write.acknowledged() && write.startNanos() >= fromNanos && write.startNanos() < toNanos)
			.map((write) -> Duration.ofNanos(write.latencyNanos()).toMillis())
			.sorted()
			.toList();
		if (millis.isEmpty()) {
			return "no acknowledged writes";
		}
		LongSummaryStatistics statistics = millis.stream().mapToLong(Long::longValue).summaryStatistics();
		return millis.size() + " acknowledged, p50 " + millis.get(millis.size() / 2) + " ms, max " + statistics.getMax()
				+ " ms";
	}

	/**
	 * The longest time no write was acknowledged, between two instants.
	 * @param writes the writes
	 * @param fromNanos start
	 * @param toNanos end
	 * @return the longest gap
	 */
	static Duration longestPause(List<Write> writes, long fromNanos, long toNanos) {
		List<Long> acknowledgedAt = writes.stream()
			.filter(Write::acknowledged)
			.map((write) -> write.startNanos() + write.latencyNanos())
			.filter((at) -> at >= fromNanos && at <= toNanos)
			.sorted()
			.toList();
		long previous = fromNanos;
		long longest = 0;
		for (long at : acknowledgedAt) {
			longest = Math.max(longest, at - previous);
			previous = at;
		}
		return Duration.ofNanos(Math.max(longest, toNanos - previous));
	}

}
