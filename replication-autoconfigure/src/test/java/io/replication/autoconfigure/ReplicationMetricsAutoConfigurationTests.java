package io.replication.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.replication.actuate.MicrometerReplicationMetrics;
import io.replication.actuate.ReplicationGauges;
import io.replication.engine.ReplicationMetrics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicationMetricsAutoConfiguration}.
 */
class ReplicationMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				ReplicationAutoConfiguration.class, ReplicationMetricsAutoConfiguration.class));

	@Test
	void metersAreRecordedWhenAMeterRegistryExists() {
		this.runner.withUserConfiguration(MeterRegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ReplicationGauges.class)
				.getBean(ReplicationMetrics.class)
				.isInstanceOf(MicrometerReplicationMetrics.class));
	}

	@Test
	void noMetersWithoutAMeterRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ReplicationMetrics.class)
			.doesNotHaveBean(ReplicationGauges.class));
	}

	@Test
	void noMetersWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationMetrics.class));
	}

	@Test
	void metricsBackOffFromAUserReplicationMetrics() {
		this.runner.withUserConfiguration(MeterRegistryConfiguration.class, UserMetricsConfiguration.class)
			.run((context) -> assertThat(context).getBean(ReplicationMetrics.class)
				.isSameAs(UserMetricsConfiguration.METRICS));
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMetricsConfiguration {

		static final ReplicationMetrics METRICS = new ReplicationMetrics() {
		};

		@Bean
		ReplicationMetrics userReplicationMetrics() {
			return METRICS;
		}

	}

}
