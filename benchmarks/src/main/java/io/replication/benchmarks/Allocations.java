package io.replication.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * Bytes allocated in a window by the threads alive at both of its ends: every thread of
 * the instances and callers that run throughout a measurement.
 */
final class Allocations {

	private static final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private final Map<Long, Long> start;

	private Allocations(Map<Long, Long> start) {
		this.start = start;
	}

	static Allocations start() {
		return new Allocations(snapshot());
	}

	/**
	 * Bytes allocated since the start by threads alive then and now.
	 * @return allocated bytes
	 */
	long allocated() {
		long total = 0;
		for (Map.Entry<Long, Long> now : snapshot().entrySet()) {
			Long before = this.start.get(now.getKey());
			if (before != null) {
				total += now.getValue() - before;
			}
		}
		return total;
	}

	/**
	 * Bytes allocated by the live threads whose names start with a prefix, since each
	 * started: for threads that were born inside a measurement.
	 * @param namePrefix the start of their names
	 * @return allocated bytes
	 */
	static long byThreadsNamed(String namePrefix) {
		long total = 0;
		for (long allocated : threads.getThreadAllocatedBytes(LiveThreads.named(namePrefix))) {
			total += Math.max(allocated, 0);
		}
		return total;
	}

	/**
	 * Bytes the calling thread allocated so far.
	 * @return allocated bytes
	 */
	static long byCurrentThread() {
		return threads.getCurrentThreadAllocatedBytes();
	}

	private static Map<Long, Long> snapshot() {
		long[] ids = threads.getAllThreadIds();
		long[] allocated = threads.getThreadAllocatedBytes(ids);
		Map<Long, Long> byThread = new HashMap<>();
		for (int i = 0; i < ids.length; i++) {
			if (allocated[i] >= 0) {
				byThread.put(ids[i], allocated[i]);
			}
		}
		return byThread;
	}

}
