package io.replication.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.replication.engine.ArgumentCodec;
import io.replication.engine.CommandDefinition;
import io.replication.engine.CommandDispatcher;
import io.replication.engine.ReplicationInstance;
import io.replication.engine.Role;
import io.replication.engine.StateRegistry;
import io.replication.interception.ReplicatedStatePostProcessor;
import io.replication.kafka.KafkaReplication;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicationAutoConfiguration}. No state is registered, so no broker is
 * contacted.
 */
class ReplicationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(AutoConfigurations
		.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class, ReplicationAutoConfiguration.class));

	@Test
	void defaultBeansAreCreated() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(StateRegistry.class)
				.hasSingleBean(ReplicatedStatePostProcessor.class)
				.hasSingleBean(CommandDispatcher.class)
				.hasSingleBean(KafkaReplication.class)
				.hasSingleBean(ArgumentCodec.class);
			assertThat(context.getBean(ReplicationInstance.class).id()).startsWith("instance-");
			assertThat(context.getBean(ReplicationInstance.class).role()).isEqualTo(Role.ACTIVE);
		});
	}

	@Test
	void propertiesBind() {
		this.runner
			.withPropertyValues("replication.instance-id=node-1", "replication.role=replica",
					"replication.group-commit.max-batch=64", "replication.group-commit.max-wait=2ms",
					"replication.topic.replication-factor=3")
			.run((context) -> {
				assertThat(context.getBean(ReplicationInstance.class))
					.isEqualTo(new ReplicationInstance("node-1", Role.REPLICA));
				ReplicationProperties properties = context.getBean(ReplicationProperties.class);
				assertThat(properties.getGroupCommit().getMaxBatch()).isEqualTo(64);
				assertThat(properties.getGroupCommit().getMaxWait()).isEqualTo(Duration.ofMillis(2));
				assertThat(properties.getTopic().getReplicationFactor()).isEqualTo((short) 3);
			});
	}

	@Test
	void backsOffFromAUserArgumentCodec() {
		this.runner.withUserConfiguration(UserCodecConfiguration.class)
			.run((context) -> assertThat(context).getBean(ArgumentCodec.class)
				.isSameAs(context.getBean(UserCodecConfiguration.class).codec));
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("replication.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaReplication.class)
				.doesNotHaveBean(ReplicatedStatePostProcessor.class));
	}

	@Test
	void backsOffWithoutSpringKafka() {
		this.runner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.run((context) -> assertThat(context).doesNotHaveBean(KafkaReplication.class)
				.doesNotHaveBean(ReplicatedStatePostProcessor.class));
	}

	@Test
	void failsOnNonPositiveGroupCommitBatch() {
		this.runner.withPropertyValues("replication.group-commit.max-batch=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("replication.group-commit.max-batch must be at least 1"));
	}

	@Test
	void postProcessorIsInfrastructure() {
		this.runner.run((context) -> {
			BeanDefinition definition = context.getBeanFactory().getBeanDefinition("replicatedStatePostProcessor");
			assertThat(definition.getRole()).isEqualTo(BeanDefinition.ROLE_INFRASTRUCTURE);
		});
	}

	@Test
	void everyAutoConfigurationIsListedInTheImportsFile() throws IOException {
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(AutoConfiguration.class));
		Set<String> declared = scanner.findCandidateComponents("io.replication")
			.stream()
			.map(BeanDefinition::getBeanClassName)
			.collect(Collectors.toSet());
		assertThat(declared).isNotEmpty();
		try (InputStream imports = getClass()
			.getResourceAsStream("/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			Set<String> listed = Arrays.stream(new String(imports.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.collect(Collectors.toSet());
			assertThat(listed).isEqualTo(declared);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCodecConfiguration {

		final ArgumentCodec codec = new ArgumentCodec() {

			@Override
			public byte[] encode(CommandDefinition command, @Nullable Object[] arguments) {
				return new byte[0];
			}

			@Override
			public @Nullable Object[] decode(CommandDefinition command, byte[] payload) {
				return new Object[0];
			}

		};

		@Bean
		ArgumentCodec userCodec() {
			return this.codec;
		}

	}

}
