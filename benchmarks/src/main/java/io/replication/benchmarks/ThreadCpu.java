package io.replication.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of single threads: what reading or applying a record costs the thread that
 * does it, whatever else the cores ran meanwhile.
 */
final class ThreadCpu {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private ThreadCpu() {
	}

	/**
	 * CPU time of the live threads whose names start with a prefix, since each started:
	 * for threads that were born inside a measurement.
	 * @param namePrefix the start of their names
	 * @return nanoseconds
	 */
	static long byThreadsNamed(String namePrefix) {
		long total = 0;
		for (long id : LiveThreads.named(namePrefix)) {
			total += Math.max(threads.getThreadCpuTime(id), 0);
		}
		return total;
	}

	/**
	 * CPU time of the calling thread so far.
	 * @return nanoseconds
	 */
	static long byCurrentThread() {
		return threads.getCurrentThreadCpuTime();
	}

}
