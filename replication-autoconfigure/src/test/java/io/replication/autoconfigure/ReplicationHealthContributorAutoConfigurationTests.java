package io.replication.autoconfigure;

import io.replication.actuate.ReplicationHealthIndicator;
import io.replication.actuate.ReplicationReadinessGroup;
import io.replication.kafka.KafkaReplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicationHealthContributorAutoConfiguration}.
 */
class ReplicationHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				ReplicationAutoConfiguration.class, ReplicationHealthContributorAutoConfiguration.class));

	@Test
	void healthIndicatorAndReadinessGroupMembershipByDefault() {
		this.runner.run((context) -> assertThat(context).hasBean("replicationHealthIndicator")
			.hasSingleBean(ReplicationReadinessGroup.class));
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.replication.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationHealthIndicator.class)
				.doesNotHaveBean(ReplicationReadinessGroup.class));
	}

	@Test
	void readinessGroupMembershipCanBeTurnedOff() {
		this.runner.withPropertyValues("replication.health.readiness=false")
			.run((context) -> assertThat(context).hasBean("replicationHealthIndicator")
				.doesNotHaveBean(ReplicationReadinessGroup.class));
	}

	@Test
	void healthIndicatorBacksOffFromAUserIndicatorOfTheSameName() {
		this.runner.withUserConfiguration(UserIndicatorConfiguration.class)
			.run((context) -> assertThat(context).getBean("replicationHealthIndicator")
				.isSameAs(context.getBean(UserIndicatorConfiguration.class).indicator));
	}

	@Test
	void noHealthWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader(AbstractHealthIndicator.class))
			.run((context) -> assertThat(context).hasSingleBean(KafkaReplication.class)
				.doesNotHaveBean(ReplicationHealthIndicator.class));
	}

	@Test
	void noHealthWhenReplicationIsDisabled() {
		this.runner.withPropertyValues("replication.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationHealthIndicator.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserIndicatorConfiguration {

		ReplicationHealthIndicator indicator;

		@Bean
		ReplicationHealthIndicator replicationHealthIndicator(KafkaReplication replication) {
			this.indicator = new ReplicationHealthIndicator(replication, 1);
			return this.indicator;
		}

	}

}
