package io.replication.autoconfigure;

import io.replication.actuate.ReplicationHealthIndicator;
import io.replication.actuate.ReplicationReadinessGroup;
import io.replication.kafka.KafkaReplication;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code replication} health contributor.
 *
 * @author replication
 */
@AutoConfiguration(after = ReplicationAutoConfiguration.class,
		afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(AbstractHealthIndicator.class)
@ConditionalOnBean(KafkaReplication.class)
@ConditionalOnEnabledHealthIndicator("replication")
public final class ReplicationHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "replicationHealthIndicator")
	ReplicationHealthIndicator replicationHealthIndicator(KafkaReplication replication,
			ReplicationProperties properties) {
		return new ReplicationHealthIndicator(replication, properties.getHealth().getMaxLag());
	}

	/**
	 * Boot's probe groups are added by a post-processor of the same (lowest) order; this
	 * one is registered after it, by the order of the auto-configurations, so it finds
	 * the readiness group there.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "replication.health.readiness", matchIfMissing = true)
	static ReplicationReadinessGroup replicationReadinessGroup() {
		return new ReplicationReadinessGroup("replication");
	}

}
