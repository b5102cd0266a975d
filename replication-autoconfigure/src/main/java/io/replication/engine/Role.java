package io.replication.engine;

/**
 * What an instance may do with replicated state.
 *
 * @author replication
 */
public enum Role {

	/**
	 * Takes writes and applies the log.
	 */
	ACTIVE,

	/**
	 * Applies the log only; its writes fail fast.
	 */
	REPLICA

}
