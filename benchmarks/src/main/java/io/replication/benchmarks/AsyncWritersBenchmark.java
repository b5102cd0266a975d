package io.replication.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Threads making asynchronous writes (a {@code @ReplicatedWrite} method that returns a
 * {@code CompletableFuture}, or raw Kafka's equivalent), keeping up to a bound of writes
 * in flight between them.
 */
final class AsyncWritersBenchmark {

	private final String name;

	private final Function<String, CompletableFuture<?>> write;

	private final Window window;

	private final int maxInFlight;

	/**
	 * Asynchronous writes of payloads.
	 * @param name what the results are called, completed by the number of threads
	 * @param write one write of a payload, completing once it is done
	 * @param window the warm-up and measured window
	 * @param maxInFlight how many writes may be in flight at once
	 */
	AsyncWritersBenchmark(String name, Function<String, CompletableFuture<?>> write, Window window, int maxInFlight) {
		this.name = name;
		this.write = write;
		this.window = window;
		this.maxInFlight = maxInFlight;
	}

	Result run(int threadCount) throws InterruptedException {
		LongAdder completed = new LongAdder();
		LongAdder failed = new LongAdder();
		Latencies latencies = new Latencies();
		Semaphore inFlight = new Semaphore(this.maxInFlight);
		AtomicLong sequence = new AtomicLong();
		Callers threads = Callers.start(threadCount, "async-caller", () -> {
			inFlight.acquire();
			long start = System.nanoTime();
			this.write.apply(Payloads.of(sequence.incrementAndGet())).whenComplete((size, ex) -> {
				if (ex == null) {
					latencies.record(System.nanoTime() - start);
					completed.increment();
				}
				else {
					failed.increment();
				}
				inFlight.release();
			});
		});
		Window.Measured measured = this.window.measure(completed, latencies);
		// Threads waiting for a permit get one as writes complete, then stop.
		threads.stop();
		// Let the writes still in flight finish before the next measurement.
		inFlight.tryAcquire(this.maxInFlight, 2, TimeUnit.MINUTES);
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("threads", threadCount);
		figures.put("maxInFlight", this.maxInFlight);
		figures.put("writes", measured.count());
		figures.put("failed", failed.sum());
		measured.addCosts(figures, "Write");
		return new Result(this.name + ", " + threadCount + " thread(s)", measured.rate(), measured.latency(), figures);
	}

}
