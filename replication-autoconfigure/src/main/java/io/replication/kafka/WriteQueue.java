package io.replication.kafka;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.replication.engine.LogAppend;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The writes of one state waiting to be sent: bounded, and taken in batches, each with
 * every write queued meanwhile (group commit), up to the batch bound and waiting up to
 * {@code max-wait} for more.
 *
 * @author replication
 */
final class WriteQueue {

	private static final QueuedWrite STOP = new QueuedWrite(new ProducerRecord<>("", new byte[0]), new LogAppend());

	private final GroupCommitSettings settings;

	private final BlockingQueue<QueuedWrite> queue;

	WriteQueue(GroupCommitSettings settings) {
		this.settings = settings;
		// One place is kept for the stop signal.
		this.queue = new ArrayBlockingQueue<>(settings.maxQueued() + 1);
	}

	/**
	 * Queue a write.
	 * @param write the write
	 * @return {@code false} if {@code max-queued} writes already wait
	 */
	boolean offer(QueuedWrite write) {
		return this.queue.size() < this.settings.maxQueued() && this.queue.offer(write);
	}

	/**
	 * Wake the taker and make it stop.
	 */
	void stop() {
		this.queue.offer(STOP);
	}

	/**
	 * Wait for the next write, then take every write queued meanwhile, up to
	 * {@code max-batch}, waiting up to {@code max-wait} for more.
	 * @param batch receives the writes, in queue order
	 * @return {@code false} once stopped
	 * @throws InterruptedException if interrupted while waiting
	 */
	boolean takeBatch(List<QueuedWrite> batch) throws InterruptedException {
		QueuedWrite first = this.queue.take();
		if (first == STOP) {
			return false;
		}
		batch.add(first);
		int max = this.settings.maxBatch();
		boolean stopped = drain(batch, max);
		long deadline = System.nanoTime() + this.settings.maxWait().toNanos();
		while (!stopped && batch.size() < max && !this.settings.maxWait().isZero()) {
			long remaining = deadline - System.nanoTime();
			QueuedWrite next = (remaining > 0) ? this.queue.poll(remaining, TimeUnit.NANOSECONDS) : null;
			if (next == null) {
				break;
			}
			batch.add(next);
			stopped = (next == STOP) || drain(batch, max);
		}
		if (batch.remove(STOP)) {
			// Seen by the next take, after this batch is sent.
			this.queue.offer(STOP);
		}
		return true;
	}

	// Whether the stop signal was among the writes drained: waiting for more is
	// pointless.
	private boolean drain(List<QueuedWrite> batch, int max) {
		int from = batch.size();
		this.queue.drainTo(batch, max - from);
		for (int i = from; i < batch.size(); i++) {
			if (batch.get(i) == STOP) {
				return true;
			}
		}
		return false;
	}

	int size() {
		return this.queue.size();
	}

}
