package io.replication.kafka;

import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * One consumer's hold on the partition whose records it applies, kept from one record of
 * a batch to the next rather than taken and given back for each: a batch lists each
 * partition's records together, and nothing else wants the lock unless the partition is
 * moving to a sibling consumer.
 * <p>
 * Between two records, the hold is given up to any thread that waits for it, and kept
 * from again until that thread has it: a sibling taking the partition over gets it after
 * the command being applied, as with a lock per record, and then this consumer finds it
 * no longer owns the partition (see {@link PartitionOwners}). Not thread-safe: one per
 * batch, on the consumer's thread.
 *
 * @author replication
 */
final class PartitionRunLock implements AutoCloseable {

	private final PartitionOwners owners;

	private final Object consumer;

	private @Nullable ReentrantLock held;

	private int partition = -1;

	PartitionRunLock(PartitionOwners owners, Object consumer) {
		this.owners = owners;
		this.consumer = consumer;
	}

	/**
	 * Lock a partition to apply its next record, if the consumer still owns it.
	 * @param partition the record's partition
	 * @return {@code false} if the consumer no longer owns it (nothing is held then)
	 */
	boolean lockIfOwner(int partition) {
		ReentrantLock held = this.held;
		if (held != null) {
			if (partition == this.partition && !held.hasQueuedThreads()) {
				return true;
			}
			close();
			handOver(held);
		}
		this.held = this.owners.lockIfOwner(partition, this.consumer);
		this.partition = partition;
		return this.held != null;
	}

	/**
	 * Let go of the partition held, if any.
	 */
	@Override
	public void close() {
		ReentrantLock held = this.held;
		if (held != null) {
			this.held = null;
			held.unlock();
		}
	}

	// A lock that is not fair lets the thread that gave it up take it again before a
	// waiter wakes up: wait until a waiter has it (or gave up waiting).
	private static void handOver(ReentrantLock lock) {
		while (lock.hasQueuedThreads() && !lock.isLocked()) {
			Thread.onSpinWait();
		}
	}

}
