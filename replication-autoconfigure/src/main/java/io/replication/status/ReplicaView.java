package io.replication.status;

import java.util.Map;

/**
 * One replica of a state as Kafka sees it: a consumer group of the state, with the
 * offsets it committed after applying.
 *
 * @param instanceId the instance the group belongs to
 * @param groupId the consumer group
 * @param committedOffsets committed offset (next record to apply) by partition
 * @param lag offsets between the committed offsets and the committed end of the log
 * @param live whether the group has members
 * @author replication
 */
public record ReplicaView(String instanceId, String groupId, Map<Integer, Long> committedOffsets, long lag,
		boolean live) {

}
