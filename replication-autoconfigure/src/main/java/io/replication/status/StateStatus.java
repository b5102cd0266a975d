package io.replication.status;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A state on this instance.
 *
 * @param state name of the state
 * @param topic its topic
 * @param groupId this instance's consumer group
 * @param assignedPartitions partitions this instance's consumers hold now
 * @param status where the state stands
 * @param halt why it halted, or {@code null}
 * @param fenced why it takes no writes, or {@code null}
 * @param partitions each partition of its log
 * @param pendingWrites writes queued for the next transaction
 * @param lastBatchSize commands in the last transaction
 * @param snapshot its last snapshot here, or {@code null} if it has none
 * @param topology how the instances share the log: {@code shared} or
 * {@code partition-per-replica}
 * @param replicaPartitions in the partition-per-replica topology, the partition of each
 * replica, by instance id; empty in the shared topology
 * @author replication
 */
public record StateStatus(String state, String topic, String groupId, List<Integer> assignedPartitions,
		ReplicaStatus status, @Nullable StateHalt halt, @Nullable String fenced, List<PartitionStatus> partitions,
		int pendingWrites, int lastBatchSize, @Nullable SnapshotStatus snapshot, String topology,
		Map<String, Integer> replicaPartitions) {

	/**
	 * Largest lag over the partitions.
	 * @return the lag in offsets
	 */
	public long lag() {
		return this.partitions.stream().mapToLong(PartitionStatus::lag).max().orElse(0);
	}

}
