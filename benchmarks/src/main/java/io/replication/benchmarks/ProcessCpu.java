package io.replication.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;

/**
 * CPU time used by this harness's JVM and by the broker processes. On this machine a rate
 * moves with whatever else the cores run; the CPU an operation costs moves far less, so a
 * change to the starter can be judged by it where rates overlap.
 */
final class ProcessCpu {

	private static final com.sun.management.OperatingSystemMXBean system = (com.sun.management.OperatingSystemMXBean) ManagementFactory
		.getOperatingSystemMXBean();

	private final List<ProcessHandle> brokers;

	private ProcessCpu(List<ProcessHandle> brokers) {
		this.brokers = brokers;
	}

	/**
	 * CPU of this JVM and of broker processes started by the harness.
	 * @param brokers the brokers' processes; empty for an external broker, whose CPU is
	 * then not reported
	 * @return the meter
	 */
	static ProcessCpu of(List<ProcessHandle> brokers) {
		return new ProcessCpu(brokers);
	}

	Snapshot snapshot() {
		long brokerNanos = 0;
		for (ProcessHandle broker : this.brokers) {
			brokerNanos += broker.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
		}
		return new Snapshot(system.getProcessCpuTime(), this.brokers.isEmpty() ? -1 : brokerNanos);
	}

	/**
	 * CPU used so far.
	 *
	 * @param harnessNanos by this JVM, every thread
	 * @param brokerNanos by the brokers, or -1 if they are not the harness's processes
	 */
	record Snapshot(long harnessNanos, long brokerNanos) {

		/**
		 * Microseconds of CPU per operation since an earlier snapshot.
		 * @param start the earlier snapshot
		 * @param operations operations completed in between
		 * @return the harness's and the brokers' figures, the latter {@code null} if not
		 * known
		 */
		PerOperation perOperation(Snapshot start, long operations) {
			if (operations <= 0) {
				return new PerOperation(0, null);
			}
			double harness = (this.harnessNanos - start.harnessNanos) / 1e3 / operations;
			Double broker = (this.brokerNanos < 0) ? null : (this.brokerNanos - start.brokerNanos) / 1e3 / operations;
			return new PerOperation(harness, broker);
		}

	}

	/**
	 * CPU per operation, in microseconds.
	 *
	 * @param harness this JVM's
	 * @param broker the brokers', or {@code null} if not known
	 */
	record PerOperation(double harness, Double broker) {

	}

}
