package io.replication.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * N callers, each making a blocking write back to back: a {@code @ReplicatedWrite} method
 * that returns once its instance has applied the write, or a peer's equivalent.
 */
final class BlockingWritersBenchmark {

	private final Window window;

	BlockingWritersBenchmark(Window window) {
		this.window = window;
	}

	/**
	 * Measure N callers.
	 * @param name what the result is called, completed by the number of callers
	 * @param callers how many callers
	 * @param write one blocking write, given a number unique to it
	 * @return writes per second, their latencies and allocation
	 */
	Result run(String name, int callers, LongConsumer write) throws InterruptedException {
		LongAdder completed = new LongAdder();
		LongAdder failed = new LongAdder();
		Latencies latencies = new Latencies();
		AtomicLong sequence = new AtomicLong();
		Callers threads = Callers.start(callers, "blocking-caller", () -> {
			long number = sequence.incrementAndGet();
			long start = System.nanoTime();
			try {
				write.accept(number);
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
		measured.addCosts(figures, "Write");
		return new Result(name + ", N=" + callers, measured.rate(), measured.latency(), figures);
	}

}
