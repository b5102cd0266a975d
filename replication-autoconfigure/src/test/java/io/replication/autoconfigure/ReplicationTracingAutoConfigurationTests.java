package io.replication.autoconfigure;

import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.replication.actuate.ObservationCommandTracing;
import io.replication.engine.CommandRecord;
import io.replication.engine.CommandTracing;
import io.replication.engine.Position;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.NoopTracerAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicationTracingAutoConfiguration}.
 */
class ReplicationTracingAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(ObservationAutoConfiguration.class, BraveAutoConfiguration.class, MicrometerTracingAutoConfiguration.class,
				NoopTracerAutoConfiguration.class, ReplicationTracingAutoConfiguration.class));

	@Test
	void writesAndAppliesAreObservedWhenATracerExists() {
		this.runner.run((context) -> assertThat(context).getBean(CommandTracing.class)
			.isInstanceOf(ObservationCommandTracing.class));
	}

	@Test
	void nothingIsTracedWithMicrometersNoopTracer() {
		this.runner.withClassLoader(new FilteredClassLoader(BraveTracer.class))
			.run((context) -> assertThat(context).hasSingleBean(Tracer.class)
				.getBean(CommandTracing.class)
				.isSameAs(CommandTracing.NONE));
	}

	@Test
	void noTracingWithoutMicrometerTracing() {
		this.runner.withClassLoader(new FilteredClassLoader(Tracer.class))
			.run((context) -> assertThat(context).doesNotHaveBean(CommandTracing.class));
	}

	@Test
	void noTracingWithoutAnObservationRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ReplicationTracingAutoConfiguration.class))
			.withBean(Tracer.class, () -> Tracer.NOOP)
			.run((context) -> assertThat(context).doesNotHaveBean(ObservationRegistry.class)
				.doesNotHaveBean(CommandTracing.class));
	}

	@Test
	void noTracingWhenReplicationIsDisabled() {
		this.runner.withPropertyValues("replication.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(CommandTracing.class));
	}

	@Test
	void tracingBacksOffFromAUserCommandTracing() {
		this.runner.withUserConfiguration(UserTracingConfiguration.class)
			.run((context) -> assertThat(context).getBean(CommandTracing.class)
				.isSameAs(UserTracingConfiguration.TRACING));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTracingConfiguration {

		static final CommandTracing TRACING = new CommandTracing() {

			@Override
			public TracedWrite write(String state, String command) {
				return TracedWrite.NONE;
			}

			@Override
			public TracedApply apply(CommandRecord record, Position position) {
				return TracedApply.NONE;
			}

		};

		@Bean
		CommandTracing userCommandTracing() {
			return TRACING;
		}

	}

}
