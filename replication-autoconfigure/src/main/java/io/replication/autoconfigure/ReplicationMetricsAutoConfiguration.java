package io.replication.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.replication.actuate.MicrometerReplicationMetrics;
import io.replication.actuate.ReplicationGauges;
import io.replication.engine.ReplicationMetrics;
import io.replication.engine.StateRegistry;
import io.replication.kafka.KafkaReplication;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of replication's Micrometer meters.
 *
 * @author replication
 */
@AutoConfiguration(after = ReplicationAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, KafkaReplication.class })
public final class ReplicationMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReplicationMetrics replicationMetrics(MeterRegistry registry) {
		return new MicrometerReplicationMetrics(registry);
	}

	@Bean
	ReplicationGauges replicationGauges(MeterRegistry registry, StateRegistry states, KafkaReplication replication) {
		return new ReplicationGauges(registry, states, replication);
	}

}
