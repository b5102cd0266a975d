package io.replication.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.replication.actuate.ReplicationEndpoint;
import io.replication.actuate.ReplicationHealthIndicator;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import io.replication.engine.ArgumentCodec;
import io.replication.engine.CommandDefinition;
import io.replication.engine.CommandDispatcher;
import io.replication.engine.CommandIntrospector;
import io.replication.engine.ReplicationInstance;
import io.replication.engine.Role;
import io.replication.engine.StateDefinition;
import io.replication.engine.StateRegistry;
import io.replication.interception.ReplicatedStatePostProcessor;
import io.replication.kafka.KafkaReplication;
import io.replication.kafka.WriteMode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.classreading.CachingMetadataReaderFactory;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ReplicationAutoConfiguration}. No state is registered, so no broker is
 * contacted. The endpoint, health and meters have test classes of their own.
 */
class ReplicationAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				ReplicationAutoConfiguration.class, ReplicationEndpointAutoConfiguration.class,
				ReplicationHealthContributorAutoConfiguration.class, ReplicationMetricsAutoConfiguration.class));

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
	void logMapperIgnoresSpringJacksonSettingsAndTakesCustomizers() {
		this.runner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.withBean(ReplicationJsonMapperCustomizer.class, () -> (builder) -> builder
				.addModule(new SimpleModule().addSerializer(Money.class, new ValueSerializer<Money>() {

					@Override
					public void serialize(Money value, JsonGenerator generator, SerializationContext context) {
						generator.writeString(value.cents() + " cents");
					}

				}).addDeserializer(Money.class, new ValueDeserializer<Money>() {

					@Override
					public Money deserialize(JsonParser parser, DeserializationContext context) {
						return new Money(Long.parseLong(parser.getString().replace(" cents", "")));
					}

				})))
			.run((context) -> {
				ArgumentCodec codec = context.getBean(ArgumentCodec.class);
				StateDefinition state = CommandIntrospector.introspect("till", new Till());
				CommandDefinition pay = state.command("pay");
				Payment payment = new Payment("alice", new Money(250));
				byte[] encoded = codec.encode(pay, new Object[] { payment });
				assertThat(new String(encoded, StandardCharsets.UTF_8))
					.isEqualTo("[{\"payerName\":\"alice\",\"amount\":\"250 cents\"}]");
				assertThat(codec.decode(pay, encoded)).containsExactly(payment);
			});
	}

	@Test
	void aSerializerWithoutItsDeserializerIsRefusedWhenAWriteIsEncoded() {
		this.runner.withBean(ReplicationJsonMapperCustomizer.class, () -> (builder) -> builder
			.addModule(new SimpleModule().addSerializer(Money.class, new ValueSerializer<Money>() {

				@Override
				public void serialize(Money value, JsonGenerator generator, SerializationContext context) {
					generator.writeString(value.cents() + " cents");
				}

			}))).run((context) -> {
				ArgumentCodec codec = context.getBean(ArgumentCodec.class);
				CommandDefinition pay = CommandIntrospector.introspect("till", new Till()).command("pay");
				assertThatIllegalArgumentException()
					.isThrownBy(() -> codec.encode(pay, new Object[] { new Payment("alice", new Money(250)) }))
					.withMessageContaining("would not read back")
					.withMessageContaining("'250 cents'");
			});
	}

	@Test
	void writeModeDefaultsToIdempotentAndBinds() {
		this.runner.run((context) -> assertThat(context.getBean(ReplicationProperties.class).getWriteMode())
			.isEqualTo(WriteMode.IDEMPOTENT));
		this.runner.withPropertyValues("replication.write-mode=transactional")
			.run((context) -> assertThat(context.getBean(ReplicationProperties.class).getWriteMode())
				.isEqualTo(WriteMode.TRANSACTIONAL));
	}

	@Test
	void failsOnANonPositiveQueueBoundNamingTheProperty() {
		this.runner.withPropertyValues("replication.group-commit.max-queued=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'replication.group-commit.max-queued' must be at least 1"));
	}

	@Test
	void failsOnAZeroWriteTimeoutNamingTheProperty() {
		this.runner.withPropertyValues("replication.write-timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'replication.write-timeout' must be positive"));
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
				.hasMessageContaining("'replication.group-commit.max-batch' must be at least 1"));
	}

	// The binder reports the failure with the bean it was binding; the cause names the
	// property.
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"replication.monitor-interval=0s | 'replication.monitor-interval' must be positive",
			"replication.startup-timeout=-1s | 'replication.startup-timeout' must be positive",
			"replication.group-commit.max-wait=-1ms | 'replication.group-commit.max-wait' must not be negative",
			"replication.health.max-lag=-1 | 'replication.health.max-lag' must not be negative",
			"replication.topic.partitions=0 | 'replication.topic.partitions' must be at least 1",
			"replication.topic.replication-factor=0 | 'replication.topic.replication-factor' must be at least 1",
			"replication.topic.min-insync-replicas=0 | 'replication.topic.min-insync-replicas' must be at least 1",
			"replication.states.ledger.partitions=0 | 'replication.states.*.partitions' must be at least 1",
			"replication.topic-prefix=my prefix | 'replication.topic-prefix' may hold only letters" })
	void failsOnAnInvalidPropertyNamingIt(String property, String message) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'replication")
				.rootCause()
				.hasMessageContaining(message));
	}

	@Test
	void withoutActuatorTheEngineRunsWithoutEndpointOrHealth() {
		this.runner.withClassLoader(new FilteredClassLoader(Endpoint.class, AbstractHealthIndicator.class))
			.withPropertyValues("management.endpoints.web.exposure.include=replication")
			.run((context) -> assertThat(context).hasSingleBean(KafkaReplication.class)
				.doesNotHaveBean(ReplicationEndpoint.class)
				.doesNotHaveBean(ReplicationHealthIndicator.class));
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
		// Read class metadata directly: a component scan would evaluate the conditions.
		PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
		MetadataReaderFactory readers = new CachingMetadataReaderFactory(resolver);
		Set<String> declared = new TreeSet<>();
		for (Resource resource : resolver.getResources("classpath*:io/replication/**/*.class")) {
			AnnotationMetadata metadata = readers.getMetadataReader(resource).getAnnotationMetadata();
			if (metadata.hasAnnotation(AutoConfiguration.class.getName())) {
				declared.add(metadata.getClassName());
			}
		}
		assertThat(declared).hasSizeGreaterThanOrEqualTo(3);
		try (InputStream imports = getClass()
			.getResourceAsStream("/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
			Set<String> listed = Arrays.stream(new String(imports.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
				.map(String::trim)
				.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
				.collect(Collectors.toCollection(TreeSet::new));
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

	record Money(long cents) {
	}

	record Payment(String payerName, Money amount) {
	}

	@ReplicatedState
	public static class Till {

		@ReplicatedWrite
		public void pay(Payment payment) {
		}

	}

}
