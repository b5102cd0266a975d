package io.replication.kafka;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the records of large batches ahead of the one being applied, on one helper
 * thread per instance, so that decoding a replay's records overlaps applying them. The
 * consumer's thread still applies every record, in order, and decodes whatever the helper
 * has not reached: a helper that is busy with another state's batch, or not scheduled,
 * costs the overlap and nothing else. Small batches, most live traffic, are decoded where
 * they are applied.
 * <p>
 * The helper thread is started when a large batch comes and ends after a few idle
 * seconds.
 *
 * @author replication
 */
final class DecodeAhead {

	// Records per unit of work taken by either thread.
	static final int CHUNK = 64;

	private static final AtomicInteger threads = new AtomicInteger();

	private final @Nullable ThreadPoolExecutor helper;

	/**
	 * Create a decoder.
	 * @param helped whether large batches are decoded ahead on a helper thread; with one
	 * processor there is nothing to overlap
	 */
	DecodeAhead(boolean helped) {
		// No queue: a batch that comes while the helper is busy is decoded on its
		// consumer's thread instead of waiting behind another.
		this.helper = helped ? new ThreadPoolExecutor(0, 1, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
			Thread thread = new Thread(task, "replication-decode-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	/**
	 * Whether this machine has a processor to spare for decoding ahead.
	 * @return {@code true} with more than one available processor
	 */
	static boolean worthHelping() {
		return Runtime.getRuntime().availableProcessors() > 1;
	}

	/**
	 * Start decoding a batch.
	 * @param <R> the records
	 * @param <T> what they decode to
	 * @param records the batch, in the order it is applied
	 * @param decoder decodes one record; pure, safe on any thread
	 * @return the batch, whose records its caller takes in order
	 */
	<R, T> DecodedBatch<R, T> decode(List<R> records, Function<R, T> decoder) {
		ThreadPoolExecutor helper = this.helper;
		if (helper == null || records.size() < 2 * CHUNK) {
			return new DecodedBatch<>(records, decoder, 1);
		}
		DecodedBatch<R, T> batch = new DecodedBatch<>(records, decoder, CHUNK);
		try {
			helper.execute(batch::decodeAhead);
		}
		catch (RejectedExecutionException ex) {
			// The helper is busy: this batch is decoded on its consumer's thread.
		}
		return batch;
	}

}
