package io.replication.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>
 * Building the view lists every consumer group of the cluster and asks for the offsets
 * and members of the state's groups: four admin requests. So a view is kept for
 * {@code replication.monitor-interval} (committed offsets move at most that often
 * anyway), and callers asking meanwhile, however many, share it.
 *
 * @author replication
 */
final class ClusterView {

	private static final Log logger = LogFactory.getLog(ClusterView.class);

	private final KafkaQueries kafka;

	private final String topicPrefix;

	private final long maxAgeNanos;

	private final Map<String, Cached> views = new ConcurrentHashMap<>();

	/**
	 * Create the view.
	 * @param kafka asks Kafka
	 * @param topicPrefix prefix of topics and group ids
	 * @param maxAge how long a view is kept before Kafka is asked again
	 */
	ClusterView(KafkaQueries kafka, String topicPrefix, Duration maxAge) {
		this.kafka = kafka;
		this.topicPrefix = topicPrefix;
		this.maxAgeNanos = maxAge.toNanos();
	}

	/**
	 * Every replica of a state that Kafka knows of, most caught-up first, as of at most
	 * the view's age ago.
	 * @param replica this instance's replica of the state
	 * @return the replicas, this one included
	 */
	List<ReplicaView> of(StateReplica replica) {
		return of(replica.topic());
	}

	/**
	 * Every replica of a state that Kafka knows of, most caught-up first, as of at most
	 * the view's age ago.
	 * @param topic the state's log
	 * @return the replicas
	 */
	List<ReplicaView> of(TopicSpec topic) {
		String state = topic.state();
		Cached cached = this.views.get(state);
		if (cached != null && cached.fresh(this.maxAgeNanos)) {
			return cached.views();
		}
		// One caller asks Kafka; the others wait for its answer rather than ask too.
		synchronized (this) {
			cached = this.views.get(state);
			if (cached == null || !cached.fresh(this.maxAgeNanos)) {
				cached = new Cached(build(topic), System.nanoTime());
				this.views.put(state, cached);
			}
			return cached.views();
		}
	}

	private List<ReplicaView> build(TopicSpec spec) {
		String topic = spec.name();
		String groupPrefix = this.topicPrefix + spec.state() + ".";
		Map<Integer, Long> end = this.kafka.allCommittedEnds(spec);
		ReplicaPartitions replicaPartitions = spec.replicaPartitions();
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
			String instanceId = groupId.substring(groupPrefix.length());
			long lag = 0;
			for (Map.Entry<Integer, Long> partitionEnd : end.entrySet()) {
				if (replicaPartitions == null || replicaPartitions.partitionOf(instanceId) == partitionEnd.getKey()) {
					// In the partition-per-replica topology, a replica lags on its own
					// partition only.
					lag += Math.max(0,
							partitionEnd.getValue() - committedOffsets.getOrDefault(partitionEnd.getKey(), 0L));
				}
			}
			ConsumerGroupDescription description = descriptions.get(groupId);
			boolean live = description != null && !description.members().isEmpty();
			views.add(new ReplicaView(instanceId, groupId, committedOffsets, lag, live));
		});
		views.sort(Comparator.comparingLong(ReplicaView::lag)
			.thenComparing(ReplicaView::live, Comparator.reverseOrder())
			.thenComparing(ReplicaView::instanceId));
		return List.copyOf(views);
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

	private record Cached(List<ReplicaView> views, long nanos) {

		boolean fresh(long maxAgeNanos) {
			return System.nanoTime() - this.nanos < maxAgeNanos;
		}

	}

}
