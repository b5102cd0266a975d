package io.replication.kafka;

import java.util.Collection;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Tells a state's appender whether this process owns its instance id, as the state's
 * consumer group sees it: the consumers are static members named after the instance id,
 * so joining the group takes the id over from any older process, and a consumer stopped
 * as fenced means a newer process took it over.
 *
 * @author replication
 */
final class InstanceIdOwnership implements ConsumerAwareRebalanceListener, ApplicationEventPublisher {

	private final GroupCommitAppender appender;

	private final String groupId;

	InstanceIdOwnership(GroupCommitAppender appender, String groupId) {
		this.appender = appender;
		this.groupId = groupId;
	}

	@Override
	public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		this.appender.joined();
	}

	/**
	 * Receives the events of the state's listener container.
	 */
	@Override
	public void publishEvent(Object event) {
		if (event instanceof ConsumerStoppedEvent stopped
				&& stopped.getReason() == ConsumerStoppedEvent.Reason.FENCED) {
			this.appender.fence("its consumer was fenced from group '" + this.groupId + "'");
		}
	}

}
