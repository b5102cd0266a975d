package io.replication.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * N callers on one instance, each calling a {@code @ReplicatedWrite} method that returns
 * once this instance has applied the write, back to back.
 */
final class BlockingWritersBenchmark {

	private final PayloadLog log;

	private final Window window;

	BlockingWritersBenchmark(PayloadLog log, Window window) {
		this.log = log;
		this.window = window;
	}

	Result run(int callers) throws InterruptedException {
		LongAdder completed = new LongAdder();
		LongAdder failed = new LongAdder();
		Latencies latencies = new Latencies();
		AtomicLong sequence = new AtomicLong();
		Callers threads = Callers.start(callers, "blocking-caller", () -> {
			String payload = Payloads.of(sequence.incrementAndGet());
			long start = System.nanoTime();
			try {
				this.log.append(payload);
				latencies.record(System.nanoTime() - start);
				completed.increment();
			}
			catch (RuntimeException ex) {
				failed.increment();
			}
		});
		Window.Measured measured = this.window.measure(completed, latencies);
		threads.stop();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("callers", callers);
		figures.put("writes", measured.count());
		figures.put("failed", failed.sum());
		figures.put("bytesAllocatedPerWrite", measured.bytesAllocatedPerOperation());
		return new Result("starter: blocking writers, N=" + callers, measured.rate(), measured.latency(), figures);
	}

}
