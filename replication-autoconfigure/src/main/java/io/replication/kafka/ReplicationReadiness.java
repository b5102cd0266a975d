package io.replication.kafka;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * Keeps the instance out of traffic until every state has caught up with its log: Spring
 * Boot declares readiness once the application has started, which for a replaying replica
 * is too early.
 *
 * @author replication
 */
public final class ReplicationReadiness implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private final KafkaReplication replication;

	private final ApplicationEventPublisher eventPublisher;

	public ReplicationReadiness(KafkaReplication replication, ApplicationEventPublisher eventPublisher) {
		this.replication = replication;
		this.eventPublisher = eventPublisher;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		if (event.getState() == ReadinessState.ACCEPTING_TRAFFIC && !this.replication.isCaughtUp()) {
			AvailabilityChangeEvent.publish(this.eventPublisher, this, ReadinessState.REFUSING_TRAFFIC);
		}
	}

}
