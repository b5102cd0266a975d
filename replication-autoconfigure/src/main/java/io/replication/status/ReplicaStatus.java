package io.replication.status;

/**
 * Where a state stands on this instance.
 *
 * @author replication
 */
public enum ReplicaStatus {

	/**
	 * Rebuilding from the log: not yet caught up with the end of the log seen at start.
	 */
	REPLAYING,

	/**
	 * Caught up once, applying new commands as they are committed.
	 */
	LIVE,

	/**
	 * Stopped at a record it cannot apply.
	 */
	HALTED,

	/**
	 * Writes refused: another process took over this instance id.
	 */
	FENCED,

	/**
	 * Replication is not running.
	 */
	STOPPED

}
