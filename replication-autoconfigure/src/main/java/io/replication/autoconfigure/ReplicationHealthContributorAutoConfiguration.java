package io.replication.autoconfigure;

import io.replication.actuate.ReplicationHealthIndicator;
import io.replication.kafka.KafkaReplication;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
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
@AutoConfiguration(after = ReplicationAutoConfiguration.class)
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

}
