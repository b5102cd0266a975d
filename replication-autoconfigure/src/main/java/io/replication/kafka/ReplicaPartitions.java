package io.replication.kafka;

import java.util.List;

/**
 * The replica set of a state in the {@link Topology#PARTITION_PER_REPLICA
 * partition-per-replica} topology: partition {@code i} of its log belongs to the
 * {@code i}-th replica.
 *
 * @param replicas instance ids, in partition order
 * @param own the partition of this instance
 * @author replication
 */
record ReplicaPartitions(List<String> replicas, int own) {

	ReplicaPartitions {
		replicas = List.copyOf(replicas);
	}

	/**
	 * The partition that belongs to a replica.
	 * @param instanceId the replica's instance id
	 * @return its partition, or -1 if it is not in the set
	 */
	int partitionOf(String instanceId) {
		return this.replicas.indexOf(instanceId);
	}

	int size() {
		return this.replicas.size();
	}

}
