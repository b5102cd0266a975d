package io.replication.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.replication.actuate.ObservationCommandTracing;
import io.replication.engine.CommandTracing;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of tracing across replicas: when the application has a tracer, each
 * write is observed on the writer and its apply on every instance, linked by a trace
 * context carried in the record. Without a tracer (or with Micrometer's no-op one)
 * nothing is observed and records carry no context.
 *
 * @author replication
 */
@AutoConfiguration(before = ReplicationAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration",
		"org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration" })
@ConditionalOnClass({ ObservationRegistry.class, Tracer.class })
@ConditionalOnBean({ ObservationRegistry.class, Tracer.class })
@ConditionalOnBooleanProperty(name = "replication.enabled", matchIfMissing = true)
public final class ReplicationTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CommandTracing replicationCommandTracing(Tracer tracer, ObservationRegistry registry) {
		return (tracer == Tracer.NOOP) ? CommandTracing.NONE : new ObservationCommandTracing(registry);
	}

}
