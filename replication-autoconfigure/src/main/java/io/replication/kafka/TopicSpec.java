package io.replication.kafka;

import org.jspecify.annotations.Nullable;

/**
 * The topic a state needs.
 *
 * @param state name of the state
 * @param name name of the topic
 * @param partitions number of partitions
 * @param replicationFactor replication factor, {@code null} for the broker's default
 * @param minInsyncReplicas {@code min.insync.replicas}, {@code null} for the broker's
 * default
 * @param compacted whether it is a compacted snapshot topic rather than a log whose every
 * record is kept
 * @author replication
 */
record TopicSpec(String state, String name, int partitions, @Nullable Short replicationFactor,
		@Nullable Integer minInsyncReplicas, boolean compacted) {

	/**
	 * The state's snapshot topic, replicated like its log.
	 * @return the topic's spec
	 */
	TopicSpec snapshots() {
		return new TopicSpec(this.state, this.name + ".snapshots", SnapshotStore.PARTITIONS, this.replicationFactor,
				this.minInsyncReplicas, true);
	}

}
