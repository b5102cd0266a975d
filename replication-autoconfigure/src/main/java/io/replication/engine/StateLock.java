package io.replication.engine;

import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;

/**
 * Orders a state's {@code @ReplicatedRead} methods against its applies, so a read never
 * sees half of a command: reads share the lock, an apply holds it alone. A state without
 * such reads has no lock, and its applies pay nothing.
 *
 * @author replication
 */
public final class StateLock {

	/**
	 * The lock of a state without {@code @ReplicatedRead} methods: locks nothing.
	 */
	public static final StateLock NONE = new StateLock(null);

	private final @Nullable ReentrantReadWriteLock lock;

	private StateLock(@Nullable ReentrantReadWriteLock lock) {
		this.lock = lock;
	}

	/**
	 * A lock for a state whose reads must be ordered against its applies.
	 * @return a new lock
	 */
	public static StateLock forReads() {
		return new StateLock(new ReentrantReadWriteLock());
	}

	void beginApply() {
		if (this.lock != null) {
			this.lock.writeLock().lock();
		}
	}

	void endApply() {
		if (this.lock != null) {
			this.lock.writeLock().unlock();
		}
	}

	/**
	 * Run a read while no command is applied.
	 * @param <T> type of the read's result
	 * @param read the read
	 * @return what the read returned
	 * @throws Throwable what the read threw
	 */
	public <T> T read(Read<T> read) throws Throwable {
		if (this.lock == null) {
			return read.run();
		}
		this.lock.readLock().lock();
		try {
			return read.run();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	/**
	 * A read of a state.
	 *
	 * @param <T> type of its result
	 */
	@FunctionalInterface
	public interface Read<T> {

		/**
		 * Run the read.
		 * @return its result
		 * @throws Throwable what it threw
		 */
		T run() throws Throwable;

	}

}
