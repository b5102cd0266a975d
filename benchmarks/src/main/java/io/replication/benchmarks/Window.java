package io.replication.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A warm-up followed by a measured window, over work that runs on other threads and
 * counts what it completes.
 */
final class Window {

	private final Duration warmup;

	private final Duration duration;

	private final ProcessCpu cpu;

	Window(Duration warmup, Duration duration, ProcessCpu cpu) {
		this.warmup = warmup;
		this.duration = duration;
		this.cpu = cpu;
	}

	/**
	 * A window that warms work up for a while and measures it only briefly: for work run
	 * to be thrown away.
	 * @param time how long to warm up
	 * @return the window
	 */
	Window warmingUpFor(Duration time) {
		return new Window(time, Duration.ofSeconds(1), this.cpu);
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
		ProcessCpu.Snapshot cpuBefore = this.cpu.snapshot();
		long before = completed.sum();
		long start = System.nanoTime();
		Thread.sleep(this.duration.toMillis());
		long count = completed.sum() - before;
		double seconds = (System.nanoTime() - start) / 1e9;
		ProcessCpu.PerOperation cpu = this.cpu.snapshot().perOperation(cpuBefore, count);
		long allocated = allocations.allocated();
		return new Measured(count, count / seconds, latencies.percentiles(), (count > 0) ? allocated / count : 0, cpu);
	}

	record Measured(long count, double rate, Latencies.Percentiles latency, long bytesAllocatedPerOperation,
			ProcessCpu.PerOperation cpu) {

		/**
		 * Add the allocation and CPU per operation to a result's figures.
		 * @param figures the figures
		 * @param operation what an operation is called in their names
		 */
		void addCosts(Map<String, Object> figures, String operation) {
			figures.put("bytesAllocatedPer" + operation, this.bytesAllocatedPerOperation);
			figures.put("harnessCpuMicrosPer" + operation, Math.round(this.cpu.harness() * 100) / 100.0);
			if (this.cpu.broker() != null) {
				figures.put("brokerCpuMicrosPer" + operation, Math.round(this.cpu.broker() * 100) / 100.0);
			}
		}

	}

}
