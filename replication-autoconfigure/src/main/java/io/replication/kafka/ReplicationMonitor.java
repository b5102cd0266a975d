package io.replication.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.replication.status.PartitionStatus;
import io.replication.status.ReplicaStatus;
import io.replication.status.ReplicaView;
import io.replication.status.StateStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * Keeps track of where each state stands against the committed end of its log: reads the
 * end offsets every interval, notices when every state has caught up with the end of the
 * log seen at start, and answers the cluster view from the consumer groups of a state.
 *
 * @author replication
 */
final class ReplicationMonitor {

	private static final Log logger = LogFactory.getLog(ReplicationMonitor.class);

	private final Admin admin;

	private final Map<String, StateReplica> replicas;

	private final String topicPrefix;

	private final Duration interval;

	private final Duration timeout;

	private final Runnable onCaughtUp;

	private final ScheduledExecutorService executor;

	private final Map<String, Map<Integer, Long>> endAtStart = new ConcurrentHashMap<>();

	private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean allCaughtUp = new AtomicBoolean();

	private volatile Map<String, Map<Integer, Long>> endOffsets = Map.of();

	ReplicationMonitor(Admin admin, Map<String, StateReplica> replicas, String topicPrefix, Duration interval,
			Duration timeout, Runnable onCaughtUp) {
		this.admin = admin;
		this.replicas = replicas;
		this.topicPrefix = topicPrefix;
		this.interval = interval;
		this.timeout = timeout;
		this.onCaughtUp = onCaughtUp;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replication-monitor");
			thread.setDaemon(true);
			return thread;
		});
	}

	void start() {
		this.executor.scheduleWithFixedDelay(this::refreshQuietly, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	void stop() {
		this.executor.shutdownNow();
		this.admin.close(Duration.ZERO);
	}

	/**
	 * Take this instance's static members out of a state's group at once, rather than
	 * after the session timeout, so the cluster view shows the replica as gone.
	 */
	void leaveGroup(StateReplica replica) {
		try {
			await(this.admin
				.removeMembersFromConsumerGroup(replica.groupId(), new RemoveMembersFromConsumerGroupOptions())
				.all());
		}
		catch (RuntimeException ex) {
			logger.debug("Could not leave consumer group '" + replica.groupId() + "': " + ex);
		}
	}

	boolean caughtUp(String state) {
		return this.caughtUp.contains(state);
	}

	boolean allCaughtUp() {
		return this.allCaughtUp.get();
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the end of the states' logs: " + ex);
		}
	}

	private void refresh() {
		Map<String, Map<Integer, Long>> ends = new HashMap<>();
		for (StateReplica replica : this.replicas.values()) {
			String state = replica.state().name();
			Map<Integer, Long> end = endOffsets(replica.topic());
			ends.put(state, end);
			Map<Integer, Long> atStart = this.endAtStart.computeIfAbsent(state, (name) -> end);
			if (!this.caughtUp.contains(state) && replica.appender().ready()
					&& reached(replica.listener().positions(), atStart)) {
				this.caughtUp.add(state);
				logger.info("State '" + state + "' caught up with the end of its log at start " + atStart
						+ " and takes writes: it is live");
			}
		}
		this.endOffsets = ends;
		if (this.caughtUp.size() == this.replicas.size() && this.allCaughtUp.compareAndSet(false, true)) {
			this.onCaughtUp.run();
		}
	}

	private static boolean reached(Map<Integer, Long> positions, Map<Integer, Long> targets) {
		return targets.entrySet()
			.stream()
			.allMatch((target) -> target.getValue() == 0
					|| positions.getOrDefault(target.getKey(), 0L) >= target.getValue());
	}

	StateStatus status(StateReplica replica, boolean running) {
		String state = replica.state().name();
		StateLogListener listener = replica.listener();
		Map<Integer, Long> end = this.endOffsets.getOrDefault(state, Map.of());
		Map<Integer, AppliedPosition> applied = listener.applied();
		Map<Integer, Long> positions = listener.positions();
		long now = System.currentTimeMillis();
		List<PartitionStatus> partitions = new ArrayList<>();
		for (int partition = 0; partition < replica.topic().partitions(); partition++) {
			AppliedPosition position = applied.get(partition);
			long endOffset = end.getOrDefault(partition, -1L);
			long read = positions.getOrDefault(partition, (position != null) ? position.nextOffset() : 0L);
			long lag = (endOffset >= 0) ? Math.max(0, endOffset - read) : 0;
			Instant timestamp = (position != null) ? Instant.ofEpochMilli(position.timestamp()) : null;
			Long lagMillis = (lag == 0) ? Long.valueOf(0)
					: (position != null) ? Math.max(0, now - position.timestamp()) : null;
			partitions.add(new PartitionStatus(partition, (position != null) ? position.nextOffset() - 1 : -1,
					endOffset, lag, timestamp, lagMillis));
		}
		GroupCommitAppender appender = replica.appender();
		return new StateStatus(state, replica.topic().name(), replica.groupId(), replica.assignedPartitions(),
				statusOf(replica, running), replica.halt(), appender.fenced(), partitions, appender.queued(),
				appender.lastBatchSize());
	}

	private ReplicaStatus statusOf(StateReplica replica, boolean running) {
		if (!running) {
			return ReplicaStatus.STOPPED;
		}
		if (replica.appender().fenced() != null) {
			return ReplicaStatus.FENCED;
		}
		if (replica.halt() != null) {
			return ReplicaStatus.HALTED;
		}
		return caughtUp(replica.state().name()) ? ReplicaStatus.LIVE : ReplicaStatus.REPLAYING;
	}

	/**
	 * Every replica of a state that Kafka knows of, from the consumer groups of the
	 * state, most caught-up first.
	 */
	List<ReplicaView> clusterView(StateReplica replica) {
		String topic = replica.topic().name();
		String groupPrefix = this.topicPrefix + replica.state().name() + ".";
		Map<Integer, Long> end = endOffsets(replica.topic());
		Collection<GroupListing> groups = await(this.admin.listGroups(ListGroupsOptions.forConsumerGroups()).all());
		List<String> groupIds = groups.stream()
			.map(GroupListing::groupId)
			.filter((groupId) -> groupId.startsWith(groupPrefix))
			.toList();
		if (groupIds.isEmpty()) {
			return List.of();
		}
		Map<String, ListConsumerGroupOffsetsSpec> specs = groupIds.stream()
			.collect(Collectors.toMap(Function.identity(), (groupId) -> new ListConsumerGroupOffsetsSpec()));
		Map<String, Map<TopicPartition, OffsetAndMetadata>> offsets = await(
				this.admin.listConsumerGroupOffsets(specs).all());
		Map<String, ConsumerGroupDescription> descriptions = await(this.admin.describeConsumerGroups(groupIds).all());
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

	private Map<Integer, Long> endOffsets(TopicSpec topic) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (int partition = 0; partition < topic.partitions(); partition++) {
			request.put(new TopicPartition(topic.name(), partition), OffsetSpec.latest());
		}
		Map<Integer, Long> ends = new TreeMap<>();
		await(this.admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all())
			.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
		return ends;
	}

	private <T> T await(KafkaFuture<T> future) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while reading offsets from Kafka", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read offsets from Kafka: " + ex, ex);
		}
	}

}
