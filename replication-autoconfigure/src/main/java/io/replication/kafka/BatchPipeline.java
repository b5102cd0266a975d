package io.replication.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Overlaps applying with fetching while a consumer is behind its log: a full batch (the
 * consumer had more records than one poll returns) is applied on an apply thread while
 * the consumer thread polls and decodes the next one. Each consumer has one batch in
 * flight at most, taken back on its own thread before anything else is done with the
 * consumer, so the commands of a partition are still applied one batch after the other,
 * in log order, and only the consumer thread seeks or reads positions.
 * <p>
 * A batch that is not full is the end of what the log holds: it is applied on the
 * consumer thread, so an instance that keeps up reports each position as soon as it has
 * applied it.
 *
 * @author replication
 */
final class BatchPipeline {

	private final int fullBatch;

	private final ThreadPoolExecutor threads;

	private final Map<Consumer<?, ?>, CompletableFuture<AppliedBatch>> inFlight = new ConcurrentHashMap<>();

	/**
	 * Create a pipeline.
	 * @param state the state applied, to name the threads
	 * @param consumers how many consumers read the state
	 * @param fullBatch the most records one poll returns ({@code max.poll.records})
	 */
	BatchPipeline(String state, int consumers, int fullBatch) {
		this.fullBatch = fullBatch;
		AtomicInteger count = new AtomicInteger();
		this.threads = new ThreadPoolExecutor(consumers, consumers, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "replication-pipeline-" + state + "-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		// An instance that keeps up keeps no idle threads.
		this.threads.allowCoreThreadTimeOut(true);
	}

	/**
	 * Whether a batch is full, so the consumer has more to read right away.
	 * @param records the batch
	 * @return {@code true} to apply it on an apply thread
	 */
	boolean takes(List<?> records) {
		return records.size() >= this.fullBatch;
	}

	/**
	 * Apply a consumer's batch on an apply thread. The consumer's last batch must have
	 * been taken back.
	 * @param consumer the consumer that read it
	 * @param apply applies it
	 */
	void start(Consumer<?, ?> consumer, Supplier<AppliedBatch> apply) {
		this.inFlight.put(consumer, CompletableFuture.supplyAsync(apply, this.threads));
	}

	/**
	 * Take back a consumer's batch in flight once it is applied, on the consumer thread.
	 * @param consumer the consumer
	 * @return how far the batch got, or {@code null} if none was in flight
	 */
	@Nullable AppliedBatch take(Consumer<?, ?> consumer) {
		CompletableFuture<AppliedBatch> batch = this.inFlight.remove(consumer);
		if (batch == null) {
			return null;
		}
		try {
			return batch.join();
		}
		catch (CompletionException ex) {
			// Thrown on the consumer thread, as if the batch had been applied there.
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			if (ex.getCause() instanceof Error cause) {
				throw cause;
			}
			throw ex;
		}
	}

	/**
	 * Stop the apply threads, once the consumers have stopped and taken back their
	 * batches.
	 */
	void stop() {
		this.threads.shutdown();
	}

}
