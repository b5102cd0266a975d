package io.replication.kafka;

/**
 * How commands are written to a state's log.
 *
 * @author replication
 */
public enum WriteMode {

	/**
	 * An idempotent producer, no Kafka transactions: nothing stays open in the log when a
	 * writer dies, so no reader ever waits for a dead writer.
	 */
	IDEMPOTENT,

	/**
	 * Each group commit is one Kafka transaction, with transactional ids derived from the
	 * state and the instance id.
	 */
	TRANSACTIONAL

}
