package io.replication.kafka;

import java.util.List;

/**
 * Sends a state's queued commands to Kafka in one of the {@link WriteMode write modes},
 * and completes each command's append with the truth: its position once it is in the log,
 * a {@link io.replication.WriteRejectedException} when it certainly never will be, or
 * nothing while that is not known yet. Used by the appender's thread only.
 *
 * @author replication
 */
interface LogWriter extends AutoCloseable {

	/**
	 * Connect and take over this instance's producer ids, fencing older processes where
	 * the mode has ids to take over.
	 * @throws RuntimeException if Kafka cannot be reached or refuses
	 */
	void initialize();

	/**
	 * Send a batch of queued commands. Each is
	 * {@link io.replication.engine.LogAppend#take() taken} just before it is sent; one
	 * its caller has withdrawn is skipped.
	 * @param batch the commands, in queue order
	 * @return whether the producer failed in a way that needs the ownership back-off
	 * before the next batch
	 * @throws InterruptedException if the appender is stopping
	 */
	boolean write(List<QueuedWrite> batch) throws InterruptedException;

	/**
	 * The appender begins to stop: a writer that waits on Kafka gives up at its next
	 * chance rather than retry.
	 */
	default void stopping() {
	}

	/**
	 * Make the writer usable again after a batch failed and the ownership back-off has
	 * passed: replace a failed producer, and settle what is known of the failed batch.
	 */
	void recover();

	/**
	 * Whether this writer's producer was fenced by another process with the same instance
	 * id.
	 * @return {@code true} once fenced
	 */
	boolean fenced();

	@Override
	void close();

}
