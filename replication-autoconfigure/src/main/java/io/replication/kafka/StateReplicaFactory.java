package io.replication.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.replication.engine.CommandApplier;
import io.replication.engine.PendingInvocations;
import io.replication.engine.ReplicationMetrics;
import io.replication.engine.Role;
import io.replication.engine.StateDefinition;
import io.replication.engine.SnapshottableState;
import io.replication.engine.StateRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Builds each state's replica: the log writer of the write mode, the group-commit
 * appender around it, and the state's log consumers.
 *
 * @author replication
 */
final class StateReplicaFactory {

	private final StateRegistry registry;

	private final TopicLayout layout;

	private final ReplicationClients clients;

	private final CommandApplier applier;

	private final GroupCommitSettings groupCommit;

	private final Duration monitorInterval;

	private final ReplicationMetrics metrics;

	private final PendingInvocations pending;

	private final Role role;

	private final SnapshotConfig snapshots;

	private final Duration timeout;

	StateReplicaFactory(StateRegistry registry, TopicLayout layout, ReplicationClients clients, CommandApplier applier,
			GroupCommitSettings groupCommit, Duration monitorInterval, ReplicationMetrics metrics,
			PendingInvocations pending, Role role, SnapshotConfig snapshots, Duration timeout) {
		this.registry = registry;
		this.layout = layout;
		this.clients = clients;
		this.applier = applier;
		this.groupCommit = groupCommit;
		this.monitorInterval = monitorInterval;
		this.metrics = metrics;
		this.pending = pending;
		this.role = role;
		this.snapshots = snapshots;
		this.timeout = timeout;
	}

	/**
	 * The snapshot topic a state needs.
	 * @param topic the state's log
	 * @return its snapshot topic, or {@code null} if it takes no snapshots
	 */
	@Nullable TopicSpec snapshotTopic(TopicSpec topic) {
		StateDefinition state = Objects.requireNonNull(this.registry.state(topic.state()));
		SnapshotSettings settings = this.snapshots.of(state.name());
		if (!settings.enabled() || SnapshottableState.of(state) == null) {
			return null;
		}
		if (settings.trimLog() && topic.partitionPerReplica()) {
			throw new IllegalStateException("State '" + state.name() + "' uses replication.topology="
					+ "partition-per-replica, whose replicas added later rebuild from the whole of partition 0: set "
					+ "replication.snapshot.trim-log=false (or replication.states." + state.name()
					+ ".snapshot.trim-log=false)");
		}
		int largest = settings.chunkSize() + SnapshotChunk.HEADER_BYTES;
		if (largest > this.clients.maxRecordBytes()) {
			throw new IllegalStateException("replication.snapshot.chunk-size=" + settings.chunkSize()
					+ " makes chunk records larger than the producer's max.request.size allows ("
					+ this.clients.maxRecordBytes() + " bytes per record): lower it, or raise "
					+ "spring.kafka.producer.properties.max.request.size and the topic's max.message.bytes");
		}
		return topic.snapshots();
	}

	/**
	 * Build the replica of a state, not started yet.
	 * @param topic the state's topic
	 * @param consumerFactory creates its log consumers
	 * @param kafka answers the writer's questions about the log
	 * @param replicas lists the instance ids of a state's replicas
	 * @return the replica
	 */
	StateReplica create(TopicSpec topic, DefaultKafkaConsumerFactory<String, ByteBuffer> consumerFactory,
			KafkaQueries kafka, Function<TopicSpec, List<String>> replicas) {
		StateDefinition state = Objects.requireNonNull(this.registry.state(topic.state()));
		// A decoder per state: it remembers the last names it read, and states applying
		// at once on their own threads would each overwrite the other's.
		CommandRecordCodec codec = new CommandRecordCodec();
		// Two heartbeats: by then a consumer whose membership was taken over has heard.
		Duration failureBackoff = this.clients.consumerHeartbeatInterval().multipliedBy(2);
		StateReplica.AppenderFactory appenders = (listener, onRefusing) -> {
			LogWriter writer = switch (this.layout.writeMode(state.name())) {
				case IDEMPOTENT -> new IdempotentLogWriter(state.name(), topic.name(),
						this.clients.idempotentTemplate(state.name()), this.groupCommit.maxBatch(), this.metrics);
				case TRANSACTIONAL -> new TransactionalLogWriter(state.name(),
						this.clients.transactionalProducers(state.name(),
								this.layout.transactionIdPrefix(state.name())),
						new CommitResolver(topic, kafka, listener)::resolve, this.metrics, topic.replicaPartitions());
			};
			String fencer = topic.partitionPerReplica()
					? "another writer of this partition-per-replica state (another active instance, or a process "
							+ "started with the same replication.instance-id): one instance writes at a time, so run the "
							+ "others with replication.role=replica"
					: "another process started with the same replication.instance-id";
			return new GroupCommitAppender(state.name(), topic.name(), KeyPartitioner.of(topic), writer,
					this.groupCommit, failureBackoff, codec, onRefusing, fencer);
		};
		return new StateReplica(state, topic, this.layout.applyThreads(topic), this.layout.groupId(state.name()),
				this.layout.instanceId(), this.role == Role.ACTIVE, appenders, consumerFactory, this.applier,
				this.pending, codec, this.monitorInterval, snapshots(state, topic, consumerFactory, kafka, replicas),
				kafka);
	}

	private @Nullable StateSnapshots snapshots(StateDefinition state, TopicSpec topic,
			DefaultKafkaConsumerFactory<String, ByteBuffer> consumerFactory, KafkaQueries kafka,
			Function<TopicSpec, List<String>> replicas) {
		TopicSpec snapshotTopic = snapshotTopic(topic);
		if (snapshotTopic == null) {
			return null;
		}
		SnapshottableState snapshottable = Objects.requireNonNull(SnapshottableState.of(state));
		SnapshotSettings settings = this.snapshots.of(state.name());
		SnapshotStore store = new SnapshotStore(snapshotTopic.name(), this.clients.snapshotTemplate(state.name()),
				() -> ReplicationClients.snapshotConsumer(consumerFactory, state.name()), this.timeout);
		LogTrimmer trimmer = settings.trimLog() ? new LogTrimmer(topic, store, kafka, () -> replicas.apply(topic))
				: null;
		SnapshotWriter writer = new SnapshotWriter(snapshottable, this.layout.instanceId(), store,
				this.snapshots.codec(), settings.chunkSize(), this.metrics, trimmer);
		return new StateSnapshots(snapshottable, store,
				new SnapshotRestorer(snapshottable, store, this.snapshots.codec(), this.metrics), writer,
				new SnapshotTrigger(snapshottable, settings, writer, topic.readPartitions().size()));
	}

}
