package io.replication.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * Which consumer of a state applies each partition, and a lock per partition held while
 * its commands are applied (across a run of them, see {@link PartitionRunLock}).
 * <p>
 * A consumer stuck in a long apply past {@code max.poll.interval.ms} loses its partitions
 * to a sibling while the command is still being applied, and its batch still holds the
 * records after it. The new owner takes the partition's lock before it sets its position,
 * so it waits for that apply to end and starts right after it; the old consumer checks,
 * under the same lock, that it still owns the partition before each command it locks for,
 * and gives the lock up between two commands whenever a new owner waits, so it applies
 * none of the rest. Nothing is applied twice.
 *
 * @author replication
 */
final class PartitionOwners {

	private final Map<Integer, Owner> owners = new ConcurrentHashMap<>();

	/**
	 * A consumer was assigned a partition: wait for a command of it being applied, then
	 * make the consumer its owner and run the action (setting its position) under the
	 * lock.
	 * @param partition the partition
	 * @param consumer its new owner
	 * @param action run while no command of the partition is applied
	 */
	void assign(int partition, Object consumer, Runnable action) {
		Owner owner = owner(partition);
		owner.lock.lock();
		try {
			owner.consumer = consumer;
			action.run();
		}
		finally {
			owner.lock.unlock();
		}
	}

	/**
	 * Lock a partition to apply one of its commands, if the consumer still owns it.
	 * @param partition the partition
	 * @param consumer the consumer that read the command
	 * @return the lock to release after the apply, or {@code null} if the consumer no
	 * longer owns the partition (nothing is locked then)
	 */
	@Nullable ReentrantLock lockIfOwner(int partition, Object consumer) {
		Owner owner = owner(partition);
		owner.lock.lock();
		if (owner.owns(consumer)) {
			return owner.lock;
		}
		owner.lock.unlock();
		return null;
	}

	private Owner owner(int partition) {
		return this.owners.computeIfAbsent(partition, (key) -> new Owner());
	}

	private static final class Owner {

		private final ReentrantLock lock = new ReentrantLock();

		// Null for a partition assigned explicitly, which no rebalance moves.
		private volatile @Nullable Object consumer;

		boolean owns(Object candidate) {
			Object current = this.consumer;
			return current == null || current == candidate;
		}

	}

}
