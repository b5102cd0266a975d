package io.replication.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.replication.status.ReplicaView;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Every replica of a state, as Kafka knows them: each instance reads a state in a
 * consumer group of its own, named after the state and the instance, and commits how far
 * it has read there.
 *
 * @author replication
 */
final class ClusterView {

	private static final Log logger = LogFactory.getLog(ClusterView.class);

	private final KafkaQueries kafka;

	private final String topicPrefix;

	ClusterView(KafkaQueries kafka, String topicPrefix) {
		this.kafka = kafka;
		this.topicPrefix = topicPrefix;
	}

	/**
	 * Every replica of a state that Kafka knows of, most caught-up first.
	 * @param replica this instance's replica of the state
	 * @return the replicas, this one included
	 */
	List<ReplicaView> of(StateReplica replica) {
		String topic = replica.topic().name();
		String groupPrefix = this.topicPrefix + replica.state().name() + ".";
		Map<Integer, Long> end = this.kafka.committedEnds(replica.topic());
		Collection<GroupListing> groups = this.kafka
			.await(this.kafka.admin().listGroups(ListGroupsOptions.forConsumerGroups()).all());
		List<String> groupIds = groups.stream()
			.map(GroupListing::groupId)
			.filter((groupId) -> groupId.startsWith(groupPrefix))
			.toList();
		if (groupIds.isEmpty()) {
			return List.of();
		}
		Map<String, ListConsumerGroupOffsetsSpec> specs = groupIds.stream()
			.collect(Collectors.toMap(Function.identity(), (groupId) -> new ListConsumerGroupOffsetsSpec()));
		Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = this.kafka
			.await(this.kafka.admin().listConsumerGroupOffsets(specs).all());
		Map<String, ConsumerGroupDescription> descriptions = this.kafka
			.await(this.kafka.admin().describeConsumerGroups(groupIds).all());
		List<ReplicaView> views = new ArrayList<>();
		offsets.forEach((groupId, committed) -> {
			Map<Integer, Long> committedOffsets = new TreeMap<>();
			committed.forEach((partition, offset) -> {
				if (partition.topic().equals(topic) && offset != null) {
					committedOffsets.put(partition.partition(), offset.offset());
				}
			});
			if (committedOffsets.isEmpty()) {
				// A group of another state whose name starts with this one's.
				return;
			}
			long lag = 0;
			for (Map.Entry<Integer, Long> partitionEnd : end.entrySet()) {
				lag += Math.max(0, partitionEnd.getValue() - committedOffsets.getOrDefault(partitionEnd.getKey(), 0L));
			}
			ConsumerGroupDescription description = descriptions.get(groupId);
			boolean live = description != null && !description.members().isEmpty();
			views.add(new ReplicaView(groupId.substring(groupPrefix.length()), groupId, committedOffsets, lag, live));
		});
		views.sort(Comparator.comparingLong(ReplicaView::lag)
			.thenComparing(ReplicaView::live, Comparator.reverseOrder())
			.thenComparing(ReplicaView::instanceId));
		return views;
	}

	/**
	 * Take this instance's static members out of a state's group at once, rather than
	 * after the session timeout, so the cluster view shows the replica as gone.
	 * @param replica this instance's replica of the state
	 */
	void leave(StateReplica replica) {
		try {
			this.kafka.await(this.kafka.admin()
				.removeMembersFromConsumerGroup(replica.groupId(), new RemoveMembersFromConsumerGroupOptions())
				.all());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not leave consumer group '" + replica.groupId() + "': " + ex);
		}
	}

}
