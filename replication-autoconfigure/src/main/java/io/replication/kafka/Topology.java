package io.replication.kafka;

/**
 * How the instances of a state share its log.
 *
 * @author replication
 */
public enum Topology {

	/**
	 * One log, read whole by every instance in a consumer group of its own. Any instance
	 * may write: the log orders concurrent writers.
	 */
	SHARED,

	/**
	 * One partition per replica of a fixed replica set, each read only by its replica, by
	 * explicit assignment. Every write goes to all of them in one Kafka transaction, and
	 * the writers of a state share one transactional id, so that Kafka lets one of them
	 * write at a time: only then do all partitions hold the commands in the same order.
	 */
	PARTITION_PER_REPLICA

}
