package io.replication.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import io.replication.engine.CommandApplier;
import io.replication.engine.StateDefinition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;

/**
 * One state on this instance: the appender of its writes and the consumers that apply its
 * log, one per partition, in a consumer group of this instance's own.
 *
 * @author replication
 */
final class StateReplica {

	private final StateDefinition state;

	private final TopicSpec topic;

	private final String groupId;

	private final GroupCommitAppender appender;

	private final StateLogListener listener;

	private final ConcurrentMessageListenerContainer<String, byte[]> container;

	StateReplica(StateDefinition state, TopicSpec topic, String groupId, String instanceId,
			GroupCommitAppender appender, DefaultKafkaConsumerFactory<String, byte[]> consumerFactory,
			CommandApplier applier, CommandRecordCodec codec, Duration idleCheckInterval) {
		this.state = state;
		this.topic = topic;
		this.groupId = groupId;
		this.appender = appender;
		ContainerProperties properties = new ContainerProperties(topic.name());
		properties.setGroupId(groupId);
		// Static membership: a process started with the same instance id takes over
		// the group from the old one (which is fenced) instead of splitting partitions
		// with it, and a restart rejoins without a rebalance.
		Properties consumerProperties = new Properties();
		consumerProperties.setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
		properties.setKafkaConsumerProperties(consumerProperties);
		InstanceIdOwnership ownership = new InstanceIdOwnership(appender, groupId);
		properties.setConsumerRebalanceListener(ownership);
		// The listener never acknowledges: the container commits nothing, and the
		// PositionCommitter commits positions now and then, for lag reports only.
		properties.setAckMode(ContainerProperties.AckMode.MANUAL);
		// Idle events hand the listener its consumer, to record and commit positions
		// past the last transaction markers.
		properties.setIdleEventInterval(idleCheckInterval.toMillis());
		this.container = new ConcurrentMessageListenerContainer<>(consumerFactory, properties);
		this.listener = new StateLogListener(state, applier, codec, this.container::pause,
				new PositionCommitter(idleCheckInterval));
		this.container.setupMessageListener(this.listener);
		this.container.setConcurrency(topic.partitions());
		this.container.setBeanName("replication-apply-" + state.name());
		this.container.setApplicationEventPublisher((event) -> {
			ownership.publishEvent(event);
			if (event instanceof ListenerContainerIdleEvent idle && idle.getConsumer() != null) {
				this.listener.idle(idle.getConsumer());
			}
		});
		// The listener never throws; should it, stop rather than let a retry policy skip
		// records.
		this.container.setCommonErrorHandler(new CommonContainerStoppingErrorHandler());
	}

	void start() {
		this.appender.start();
		this.container.start();
	}

	/**
	 * Stop taking writes first, then stop applying, so a write committed on the way out
	 * can still be applied and answered.
	 */
	void stop() {
		this.appender.stop();
		this.container.stop();
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

}
