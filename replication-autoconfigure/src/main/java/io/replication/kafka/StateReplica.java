package io.replication.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.replication.engine.CommandApplier;
import io.replication.engine.PendingInvocations;
import io.replication.engine.PendingWrite;
import io.replication.engine.Position;
import io.replication.engine.StateDefinition;
import io.replication.engine.WriteFailures;
import io.replication.status.StateHalt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.TopicPartitionOffset;

/**
 * One state on this instance: the appender of its writes and the consumers that apply its
 * log, one per partition, in a consumer group of this instance's own.
 *
 * @author replication
 */
final class StateReplica {

	private static final Log logger = LogFactory.getLog(StateReplica.class);

	// How often start restores a newer snapshot when the log was trimmed past the last.
	private static final int RESTORE_ATTEMPTS = 5;

	// How long stopping waits for writes already in the log to be applied here.
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final StateDefinition state;

	private final TopicSpec topic;

	private final String groupId;

	private final PendingInvocations pending;

	private final StateLogListener listener;

	private final GroupCommitAppender appender;

	private final ConcurrentMessageListenerContainer<String, ByteBuffer> container;

	private final @Nullable StateSnapshots snapshots;

	private final KafkaQueries kafka;

	private final boolean writes;

	private final @Nullable TopicPartitionOffset ownPartition;

	private final Supplier<Consumer<String, ByteBuffer>> joiningConsumers;

	private volatile @Nullable ReplicaJoining joining;

	private boolean stopped;

	/**
	 * Create a state's replica on this instance.
	 * @param state the state
	 * @param topic its topic
	 * @param applyThreads how many consumers apply its partitions, each on its own thread
	 * @param groupId its consumer group, this instance's own
	 * @param instanceId this instance's id, its consumers' static member id
	 * @param writes whether this instance takes writes; one that does not creates no
	 * producer
	 * @param writers the write side: creates the log writer, given the listener that
	 * settles what a failed transaction left unknown; then the appender
	 * @param consumerFactory creates the consumers
	 * @param applier applies the commands
	 * @param pending the calls waiting on this instance
	 * @param codec maps records
	 * @param idleCheckInterval how often an idle consumer records its position
	 * @param snapshots the state's snapshots, or {@code null} if it has none
	 * @param kafka asks where the log starts
	 */
	StateReplica(StateDefinition state, TopicSpec topic, int applyThreads, String groupId, String instanceId,
			boolean writes, AppenderFactory writers, DefaultKafkaConsumerFactory<String, ByteBuffer> consumerFactory,
			CommandApplier applier, PendingInvocations pending, CommandRecordCodec codec, Duration idleCheckInterval,
			@Nullable StateSnapshots snapshots, KafkaQueries kafka) {
		this.state = state;
		this.topic = topic;
		this.groupId = groupId;
		this.pending = pending;
		this.snapshots = snapshots;
		this.kafka = kafka;
		this.writes = writes;
		this.joiningConsumers = () -> ReplicationClients.joiningConsumer(consumerFactory, state.name());
		ReplicaPartitions replicaPartitions = topic.replicaPartitions();
		// In the partition-per-replica topology this instance reads its own partition,
		// assigned explicitly: no group rebalance ever moves it. The offset is set on
		// start, once a snapshot may have been restored.
		this.ownPartition = (replicaPartitions != null)
				? new TopicPartitionOffset(topic.name(), replicaPartitions.own(), 0L) : null;
		ContainerProperties properties = (this.ownPartition != null) ? new ContainerProperties(this.ownPartition)
				: new ContainerProperties(topic.name());
		properties.setGroupId(groupId);
		if (this.ownPartition == null) {
			// Static membership: a process started with the same instance id takes over
			// the group from the old one (which is fenced) instead of splitting
			// partitions with it, and a restart rejoins without a rebalance.
			Properties consumerProperties = new Properties();
			consumerProperties.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
			properties.setKafkaConsumerProperties(consumerProperties);
		}
		// The listener never acknowledges: the container commits nothing, and the
		// PositionCommitter commits positions now and then, for lag reports only.
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		// Nothing is committed on assignment: that would ask the consumer for a position
		// before the listener has set one, and the consumers reset no offsets.
		properties.setAssignmentCommitOption(ContainerProperties.AssignmentCommitOption.NEVER);
		// Idle events hand the listener its consumer, to record and commit positions
		// past the last transaction markers.
		properties.setIdleEventInterval(idleCheckInterval.toMillis());
		this.listener = new StateLogListener(state, applier, codec, this::halted,
				new PositionCommitter(idleCheckInterval), (snapshots != null) ? snapshots.trigger() : null);
		this.appender = writers.create(this.listener, this::refusing);
		InstanceIdOwnership ownership = new InstanceIdOwnership(this.appender, groupId);
		properties.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {

			@Override
			public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
				refuseAddedPartitions(partitions);
				StateReplica.this.listener.seekOnAssignment(consumer, partitions);
				ownership.onPartitionsAssigned(consumer, partitions);
			}

		});
		this.container = new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
		this.container.setupMessageListener(this.listener);
		this.container.setConcurrency(applyThreads);
		this.container.setBeanName("replication-apply-" + state.name());
		this.container.setApplicationEventPublisher((event) -> {
			ownership.publishEvent(event);
			if (event instanceof ListenerContainerIdleEvent idle && idle.getConsumer() != null) {
				this.listener.idle(idle.getConsumer());
			}
		});
		this.container.setCommonErrorHandler(new StateLogErrorHandler(this.listener, this::restoreNewer));
	}

	/**
	 * Restore the newest snapshot, if the state has them, check that the log still holds
	 * what comes after, then start writing and applying. The state halts instead when a
	 * snapshot of a newer format is stored, or when the log starts after what this
	 * instance needs next.
	 */
	void start() {
		SnapshotManifest restored = (this.snapshots != null) ? restore(this.snapshots) : null;
		if (this.listener.halt() == null) {
			checkLogStart(restored);
		}
		if (this.writes) {
			this.appender.start();
		}
		else {
			this.appender.startReadOnly();
		}
		TopicPartitionOffset own = this.ownPartition;
		if (own == null) {
			this.container.start();
		}
		else {
			// No group to join: the writer owns the state's shared transactional ids
			// by taking them over, fencing the writer before it.
			this.appender.joined();
			startReading(own);
		}
	}

	/**
	 * Read this replica's own partition in the partition-per-replica topology: after the
	 * last command applied, or, with nothing of it applied, once the history from before
	 * the partition began is applied (see {@link ReplicaJoining}).
	 */
	private void startReading(TopicPartitionOffset own) {
		AppliedPosition position = this.listener.applied().get(own.getPartition());
		if (position != null || own.getPartition() == ReplicaJoining.HISTORY || this.listener.halt() != null) {
			own.setOffset((position != null) ? position.nextOffset() : 0L);
			this.container.start();
			return;
		}
		ReplicaJoining joining = new ReplicaJoining(this.topic, this.joiningConsumers, this.listener);
		this.joining = joining;
		joining.start((first) -> {
			own.setOffset(first);
			synchronized (this) {
				if (!this.stopped) {
					this.container.start();
				}
			}
		});
	}

	/**
	 * Whether this replica of a partition-per-replica state still applies the history
	 * from before its own partition began.
	 * @return {@code true} while it lacks commands the log holds
	 */
	boolean joining() {
		ReplicaJoining joining = this.joining;
		return joining != null && joining.behind();
	}

	// The other replicas go on taking snapshots and trimming the log meanwhile: if they
	// trimmed past the snapshot just restored, or past every snapshot just read, the
	// newer ones they took are read again.
	private @Nullable SnapshotManifest restore(StateSnapshots snapshots) {
		for (int attempt = 1;; attempt++) {
			SnapshotRestorer.Outcome outcome = snapshots.restore(() -> LogBounds.of(this.kafka, this.topic));
			if (outcome.haltReason() != null) {
				this.listener.haltOnStart(new Position(this.state.name(), 0, 0), outcome.haltReason());
				return null;
			}
			SnapshotManifest restored = outcome.manifest();
			if (restored != null) {
				this.listener.restored(restored);
			}
			Map<Integer, Long> position = (restored != null) ? restored.position() : Map.of();
			if (attempt == RESTORE_ATTEMPTS || LogBounds.of(this.kafka, this.topic).holdsAfter(position)) {
				return restored;
			}
			logger.info("State '" + this.state.name() + "': the log was trimmed past "
					+ ((restored != null) ? "the snapshot just restored (" + position + ")" : "the snapshots just read")
					+ "; reading the newer ones");
		}
	}

	/**
	 * The log no longer holds what this instance needs next, found while reading it: a
	 * state of one partition restores the newest snapshot that the log still follows, if
	 * there is one, and reads on after it. This is the case of an instance that started
	 * from a snapshot while the other replicas, not knowing of it yet, trimmed the log
	 * past it. A state of several partitions is read by several threads, so it halts
	 * instead.
	 * @return the snapshot restored, or {@code null} if none helps
	 */
	private @Nullable SnapshotManifest restoreNewer() {
		StateSnapshots snapshots = this.snapshots;
		if (snapshots == null || this.topic.readPartitions().size() > 1) {
			return null;
		}
		SnapshotRestorer.Outcome outcome = snapshots.restore(() -> LogBounds.of(this.kafka, this.topic));
		return outcome.manifest();
	}

	private void checkLogStart(@Nullable SnapshotManifest restored) {
		Map<Integer, AppliedPosition> applied = this.listener.applied();
		this.kafka.logStarts(this.topic).forEach((partition, start) -> {
			AppliedPosition position = applied.get(partition);
			long needed = (position != null) ? position.nextOffset() : 0;
			if (start > needed && this.listener.halt() == null) {
				String remedy = (restored != null)
						? "the snapshot restored covers only the offsets before " + needed
								+ ", and no newer one reads back whole (see the warnings above)"
						: (this.snapshots != null)
								? "no snapshot covering offset " + (start - 1)
										+ " reads back whole (see the warnings above)"
								: "the state is not Snapshottable, so it is rebuilt from the whole log, which must "
										+ "start at offset 0";
				this.listener.haltOnStart(new Position(this.state.name(), partition, needed),
						"the log '" + this.topic.name() + "' partition " + partition + " starts at offset " + start
								+ ", but this instance needs offset " + needed + " next: " + remedy
								+ ". Nothing is skipped or applied twice");
			}
		});
	}

	/**
	 * Stop taking writes first, then let the writes already in the log be applied (for a
	 * few seconds at most), then stop applying; every call still waiting is told what
	 * became of its write.
	 */
	void stop() {
		if (this.snapshots != null) {
			this.snapshots.stop();
		}
		this.appender.stop();
		ReplicaJoining joining = this.joining;
		if (joining != null) {
			joining.stop(STOP_TIMEOUT);
		}
		awaitCommittedWrites();
		synchronized (this) {
			this.stopped = true;
		}
		this.container.stop();
		this.pending.failAll(this.state.name(),
				(write) -> WriteFailures.stoppedWaiting(write, "was not applied here before replication stopped"));
	}

	private void awaitCommittedWrites() {
		Map<Integer, Long> targets = new HashMap<>();
		for (PendingWrite write : this.pending.of(this.state.name())) {
			Position position = write.append().committed().getNow(null);
			if (position != null) {
				targets.merge(position.partition(), position.offset() + 1, Math::max);
			}
		}
		if (!targets.isEmpty() && this.listener.halt() == null) {
			try {
				this.listener.whenRead(targets).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (ExecutionException | TimeoutException ex) {
				// Their callers are told below.
			}
		}
	}

	// Partitions added to the topic while the state runs: the writer picks partitions
	// from the configured count, so no key moves to them, and the next start refuses
	// them.
	private void refuseAddedPartitions(Collection<TopicPartition> partitions) {
		List<Integer> added = partitions.stream()
			.map(TopicPartition::partition)
			.filter((partition) -> partition >= this.topic.partitions())
			.sorted()
			.toList();
		if (!added.isEmpty()) {
			logger.error("State '" + this.state.name() + "': topic '" + this.topic.name() + "' has partition(s) "
					+ added + " beyond the " + this.topic.partitions() + " it is configured with. They are not "
					+ "used: every key stays on its partition, and the next start fails until the topic and "
					+ "replication.states." + this.state.name() + ".partitions agree. Adding partitions would move "
					+ "keys to other partitions and lose their order; move the state to a new topic instead");
		}
	}

	private void halted(StateHalt halt) {
		this.container.pause();
		this.appender.halt(halt);
	}

	// The state takes no more writes here: every call waiting on it is told now.
	private void refusing(String reason) {
		int failed = this.pending.failAll(this.state.name(),
				(write) -> WriteFailures.stoppedWaiting(write, "cannot be applied here: " + reason));
		if (failed > 0) {
			logger.warn("State '" + this.state.name() + "': " + failed + " waiting write(s) failed: " + reason);
		}
	}

	StateDefinition state() {
		return this.state;
	}

	TopicSpec topic() {
		return this.topic;
	}

	String groupId() {
		return this.groupId;
	}

	GroupCommitAppender appender() {
		return this.appender;
	}

	/**
	 * Partitions this instance's consumers hold now.
	 * @return partition numbers, ascending
	 */
	List<Integer> assignedPartitions() {
		Collection<TopicPartition> assigned = this.container.getAssignedPartitions();
		return (assigned != null) ? assigned.stream().map(TopicPartition::partition).sorted().toList() : List.of();
	}

	@Nullable StateHalt halt() {
		return this.listener.halt();
	}

	StateLogListener listener() {
		return this.listener;
	}

	@Nullable StateSnapshots snapshots() {
		return this.snapshots;
	}

	/**
	 * Creates a state's appender and its writer.
	 */
	@FunctionalInterface
	interface AppenderFactory {

		/**
		 * Create the appender.
		 * @param listener the state's log listener
		 * @param onRefusing told when the state stops taking writes for good
		 * @return the appender
		 */
		GroupCommitAppender create(StateLogListener listener, java.util.function.Consumer<String> onRefusing);

	}

}
