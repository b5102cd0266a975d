package io.replication.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The live threads of this JVM picked by name: the threads an instance started for a
 * measurement, whose allocation and CPU the harness reports.
 */
final class LiveThreads {

	private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private LiveThreads() {
	}

	/**
	 * The ids of the live threads whose names start with a prefix.
	 * @param namePrefix the start of their names
	 * @return their ids
	 */
	static long[] named(String namePrefix) {
		return Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
			.filter((info) -> info != null && info.getThreadName().startsWith(namePrefix))
			.mapToLong(ThreadInfo::getThreadId)
			.toArray();
	}

}
