package io.replication.kafka;

import java.time.Duration;
import java.util.Objects;

import io.replication.engine.CommandApplier;
import io.replication.engine.PendingInvocations;
import io.replication.engine.ReplicationMetrics;
import io.replication.engine.StateDefinition;
import io.replication.engine.StateRegistry;

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

	private final WriteMode writeMode;

	private final CommandRecordCodec codec = new CommandRecordCodec();

	StateReplicaFactory(StateRegistry registry, TopicLayout layout, ReplicationClients clients, CommandApplier applier,
			GroupCommitSettings groupCommit, Duration monitorInterval, ReplicationMetrics metrics,
			PendingInvocations pending, WriteMode writeMode) {
		this.registry = registry;
		this.layout = layout;
		this.clients = clients;
		this.applier = applier;
		this.groupCommit = groupCommit;
		this.monitorInterval = monitorInterval;
		this.metrics = metrics;
		this.pending = pending;
		this.writeMode = writeMode;
	}

	/**
	 * Build the replica of a state, not started yet.
	 * @param topic the state's topic
	 * @param consumerFactory creates its log consumers
	 * @param kafka answers the writer's questions about the log
	 * @return the replica
	 */
	StateReplica create(TopicSpec topic, DefaultKafkaConsumerFactory<String, byte[]> consumerFactory,
			KafkaQueries kafka) {
		StateDefinition state = Objects.requireNonNull(this.registry.state(topic.state()));
		// Two heartbeats: by then a consumer whose membership was taken over has heard.
		Duration failureBackoff = this.clients.consumerHeartbeatInterval().multipliedBy(2);
		StateReplica.AppenderFactory appenders = (listener, onRefusing) -> {
			LogWriter writer = switch (this.writeMode) {
				case IDEMPOTENT -> new IdempotentLogWriter(state.name(), topic.name(),
						this.clients.idempotentTemplate(state.name()), this.groupCommit.maxBatch(), this.metrics);
				case TRANSACTIONAL -> new TransactionalLogWriter(state.name(),
						this.clients.transactionalProducers(state.name(),
								this.layout.transactionIdPrefix(state.name())),
						new CommitResolver(topic, kafka, listener)::resolve, this.metrics);
			};
			return new GroupCommitAppender(state.name(), topic.name(), writer, this.groupCommit, failureBackoff,
					this.codec, onRefusing);
		};
		return new StateReplica(state, topic, this.layout.groupId(state.name()), this.layout.instanceId(), appenders,
				consumerFactory, this.applier, this.pending, this.codec, this.monitorInterval);
	}

}
