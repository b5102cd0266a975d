package io.replication.engine;

import org.jspecify.annotations.Nullable;

/**
 * Receives the measurements of the write and apply paths. The default does nothing; the
 * starter records them with Micrometer when a {@code MeterRegistry} is present.
 *
 * @author replication
 */
public interface ReplicationMetrics {

	/**
	 * Measurements that go nowhere.
	 */
	ReplicationMetrics NONE = new ReplicationMetrics() {

		@Override
		public boolean recordsTimes() {
			return false;
		}

	};

	/**
	 * Whether the times passed to this recorder are kept. The write and apply paths read
	 * the clock for them only if they are: two reads per command were 6% of a replay's
	 * apply thread.
	 * @return {@code false} only if every time passed is ignored
	 */
	default boolean recordsTimes() {
		return true;
	}

	/**
	 * A write finished on its writer: applied here, or failed to replicate.
	 * @param state name of the state
	 * @param nanos time from the call to its outcome
	 * @param failure why the write was not replicated, or {@code null} when it was
	 * applied (whatever the command itself returned or threw)
	 */
	default void writeCompleted(String state, long nanos, @Nullable Throwable failure) {
	}

	/**
	 * A command was applied on this instance.
	 * @param state name of the state
	 * @param nanos time the command's method took
	 */
	default void commandApplied(String state, long nanos) {
	}

	/**
	 * A batch of commands was written: one transaction committed, or in write mode
	 * {@code idempotent} one batch handed to the producer.
	 * @param state name of the state
	 * @param commands number of commands it held
	 */
	default void batchWritten(String state, int commands) {
	}

	/**
	 * A snapshot of a state was taken and stored.
	 * @param state name of the state
	 * @param nanos time from taking it until its manifest was stored
	 * @param bytes size of the encoded snapshot
	 */
	default void snapshotWritten(String state, long nanos, long bytes) {
	}

	/**
	 * A state was restored from a snapshot on start.
	 * @param state name of the state
	 * @param nanos time reading, checking and restoring it took
	 * @param bytes size of the encoded snapshot
	 */
	default void snapshotRestored(String state, long nanos, long bytes) {
	}

}
