package io.replication.kafka;

import java.util.List;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

/**
 * The topic a state needs, and which of its partitions this instance reads.
 *
 * @param state name of the state
 * @param name name of the topic
 * @param partitions number of partitions
 * @param replicationFactor replication factor, {@code null} for the broker's default
 * @param minInsyncReplicas {@code min.insync.replicas}, {@code null} for the broker's
 * default
 * @param compacted whether it is a compacted snapshot topic rather than a log whose every
 * record is kept
 * @param replicaPartitions the replica set that owns the partitions, one each, or
 * {@code null} in the shared topology, where every instance reads every partition
 * @author replication
 */
record TopicSpec(String state, String name, int partitions, @Nullable Short replicationFactor,
		@Nullable Integer minInsyncReplicas, boolean compacted, @Nullable ReplicaPartitions replicaPartitions) {

	/**
	 * The state's snapshot topic, replicated like its log.
	 * @return the topic's spec
	 */
	TopicSpec snapshots() {
		return new TopicSpec(this.state, this.name + ".snapshots", SnapshotStore.PARTITIONS, this.replicationFactor,
				this.minInsyncReplicas, true, null);
	}

	/**
	 * The partitions this instance reads and applies: its own in the
	 * partition-per-replica topology, else all of them.
	 * @return partition numbers, ascending
	 */
	List<Integer> readPartitions() {
		return (this.replicaPartitions != null) ? List.of(this.replicaPartitions.own()) : allPartitions();
	}

	/**
	 * Every partition of the topic.
	 * @return partition numbers, ascending
	 */
	List<Integer> allPartitions() {
		return IntStream.range(0, this.partitions).boxed().toList();
	}

	/**
	 * Whether each write goes to every partition, each partition read by one replica.
	 * @return {@code true} in the partition-per-replica topology
	 */
	boolean partitionPerReplica() {
		return this.replicaPartitions != null;
	}

}
