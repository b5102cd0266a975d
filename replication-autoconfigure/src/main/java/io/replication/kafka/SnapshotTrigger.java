package io.replication.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.replication.engine.SnapshottableState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Takes a state's snapshot on the thread that applies it, between two batches of applies,
 * when the policy says one is due and the last one has been stored. Only the value is
 * captured here; the {@link SnapshotWriter} encodes and stores it elsewhere.
 * <p>
 * A state of several partitions is applied by one thread per partition: each holds the
 * barrier's shared side while it applies a batch, and the snapshot is taken holding it
 * alone, so no partition is halfway through a command and the positions recorded are
 * those the value reflects. A state of one partition has no barrier.
 *
 * @author replication
 */
final class SnapshotTrigger {

	private static final Log logger = LogFactory.getLog(SnapshotTrigger.class);

	private final SnapshottableState state;

	private final SnapshotSettings settings;

	private final SnapshotWriter writer;

	private final @Nullable ReentrantReadWriteLock barrier;

	private final AtomicLong commandsSince = new AtomicLong();

	// The interval bounds how often, not how soon: the first is due on commands alone.
	private volatile boolean taken;

	private volatile long lastNanos;

	SnapshotTrigger(SnapshottableState state, SnapshotSettings settings, SnapshotWriter writer, int partitions) {
		this.state = state;
		this.settings = settings;
		this.writer = writer;
		this.barrier = (partitions > 1) ? new ReentrantReadWriteLock() : null;
	}

	void enterBatch() {
		if (this.barrier != null) {
			this.barrier.readLock().lock();
		}
	}

	void exitBatch() {
		if (this.barrier != null) {
			this.barrier.readLock().unlock();
		}
	}

	/**
	 * Commands were applied, or the consumer found none for a while: take a snapshot if
	 * one is due. The idle check takes one that fell due while the last was still being
	 * stored. Called outside a batch.
	 * @param commands how many were applied; 0 from the idle check
	 * @param applied how far the state is applied, read while no command is
	 */
	void applied(int commands, Supplier<Map<Integer, AppliedPosition>> applied) {
		long since = (commands > 0) ? this.commandsSince.addAndGet(commands) : this.commandsSince.get();
		long now = System.nanoTime();
		long nanosSince = this.taken ? now - this.lastNanos : Long.MAX_VALUE;
		if (!this.settings.due(since, nanosSince) || this.writer.busy()) {
			return;
		}
		if (this.barrier != null) {
			this.barrier.writeLock().lock();
		}
		Object value;
		Map<Integer, AppliedPosition> position;
		try {
			if (this.writer.busy() || this.commandsSince.get() < this.settings.everyCommands()) {
				// Another partition's thread took it meanwhile.
				return;
			}
			this.lastNanos = now;
			this.taken = true;
			this.commandsSince.set(0);
			position = applied.get();
			value = this.state.take();
		}
		catch (RuntimeException ex) {
			logger.warn("State '" + this.state.name() + "' could not be snapshotted: snapshot() threw " + ex, ex);
			return;
		}
		finally {
			if (this.barrier != null) {
				this.barrier.writeLock().unlock();
			}
		}
		Map<Integer, Long> offsets = new HashMap<>();
		Map<Integer, Long> timestamps = new HashMap<>();
		position.forEach((partition, at) -> {
			offsets.put(partition, at.nextOffset());
			timestamps.put(partition, at.timestamp());
		});
		this.writer.write(value, offsets, timestamps, now);
	}

}
