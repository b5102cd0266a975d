package io.replication.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.replication.ReplicationPositions;
import io.replication.engine.ArgumentCodec;
import io.replication.engine.CommandApplier;
import io.replication.engine.CommandDispatcher;
import io.replication.engine.CommandTracing;
import io.replication.engine.JacksonArgumentCodec;
import io.replication.engine.JacksonSnapshotCodec;
import io.replication.engine.PendingInvocations;
import io.replication.engine.ReplicatedReads;
import io.replication.engine.ReplicationInstance;
import io.replication.engine.ReplicationMetrics;
import io.replication.engine.SnapshotCodec;
import io.replication.engine.StateRegistry;
import io.replication.engine.WriteCallbacks;
import io.replication.engine.WriteSessions;
import io.replication.engine.WriteTimeouts;
import io.replication.interception.ReplicatedStatePostProcessor;
import io.replication.kafka.GroupCommitSettings;
import io.replication.kafka.KafkaReplication;
import io.replication.kafka.KafkaReplicationPositions;
import io.replication.kafka.ReplicationClients;
import io.replication.kafka.SnapshotConfig;
import io.replication.kafka.SnapshotSettings;
import io.replication.kafka.TopicLayout;
import io.replication.kafka.TopicSettings;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Role;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Auto-configuration of replication: proxies {@code @ReplicatedState} beans and
 * replicates their writes through Kafka.
 * <p>
 * Runs after method validation so that its advisor sits inside validation's on a bean
 * both apply to: arguments are validated before a write is appended.
 *
 * @author replication
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class,
		afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
				"org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration" })
@ConditionalOnClass({ KafkaTemplate.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "replication.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ReplicationProperties.class)
public final class ReplicationAutoConfiguration {

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static StateRegistry replicationStateRegistry() {
		return new StateRegistry();
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static ReplicatedStatePostProcessor replicatedStatePostProcessor(ObjectProvider<StateRegistry> registry,
			ObjectProvider<CommandDispatcher> dispatcher, ObjectProvider<ReplicatedReads> reads) {
		return new ReplicatedStatePostProcessor(registry, dispatcher, reads);
	}

	@Bean
	ReplicationInstance replicationInstance(ReplicationProperties properties) {
		return ReplicationInstance.of(properties.getInstanceId(), properties.getRole());
	}

	/**
	 * The log's own mapper: what a record means must not change with the application's
	 * {@code spring.jackson.*} settings. Argument types that need serializers register
	 * them through {@link ReplicationJsonMapperCustomizer} beans.
	 */
	@Bean
	@ConditionalOnMissingBean
	ArgumentCodec replicationArgumentCodec(ObjectProvider<ReplicationJsonMapperCustomizer> customizers) {
		JsonMapper.Builder builder = JsonMapper.builder();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new JacksonArgumentCodec(builder.build());
	}

	@Bean
	PendingInvocations replicationPendingInvocations() {
		return new PendingInvocations();
	}

	@Bean
	WriteTimeouts replicationWriteTimeouts(PendingInvocations pending, ReplicationProperties properties) {
		return new WriteTimeouts(pending, properties.getWriteTimeout());
	}

	@Bean
	WriteCallbacks replicationWriteCallbacks() {
		return new WriteCallbacks();
	}

	@Bean
	CommandApplier replicationCommandApplier(ReplicationInstance instance, ArgumentCodec codec,
			PendingInvocations pending, ObjectProvider<ReplicationMetrics> metrics,
			ObjectProvider<CommandTracing> tracing) {
		return new CommandApplier(instance.id(), codec, pending, measured(metrics), traced(tracing));
	}

	/**
	 * Replication's own clients start from the application's client settings, and the
	 * application's factory customizers (Micrometer's client metrics among them) run on
	 * them too.
	 */
	@Bean
	KafkaReplication kafkaReplication(StateRegistry registry, ReplicationInstance instance,
			ReplicationProperties properties, ProducerFactory<?, ?> producerFactory,
			ConsumerFactory<?, ?> consumerFactory, KafkaAdmin kafkaAdmin,
			ObjectProvider<DefaultKafkaProducerFactoryCustomizer> producerCustomizers,
			ObjectProvider<DefaultKafkaConsumerFactoryCustomizer> consumerCustomizers, CommandApplier applier,
			PendingInvocations pending, ObjectProvider<ReplicationMetrics> metrics, SnapshotCodec snapshotCodec) {
		ReplicationClients clients = new ReplicationClients(producerFactory.getConfigurationProperties(),
				consumerFactory.getConfigurationProperties(), kafkaAdmin.getConfigurationProperties(),
				properties.getWriteTimeout(),
				producerCustomizers.orderedStream()
					.<Consumer<DefaultKafkaProducerFactory<?, ?>>>map((customizer) -> customizer::customize)
					.toList(),
				consumerCustomizers.orderedStream()
					.<Consumer<DefaultKafkaConsumerFactory<?, ?>>>map((customizer) -> customizer::customize)
					.toList());
		ReplicationProperties.GroupCommit groupCommit = properties.getGroupCommit();
		GroupCommitSettings settings = new GroupCommitSettings(groupCommit.getMaxBatch(), groupCommit.getMaxWait(),
				groupCommit.getMaxQueued(), clients.maxRecordBytes());
		return new KafkaReplication(registry, topicLayout(properties, instance), clients, applier, settings,
				properties.getStartupTimeout(), properties.getMonitorInterval(), measured(metrics), pending,
				instance.role(), snapshotConfig(properties, snapshotCodec));
	}

	/**
	 * Snapshots are written with the log's own mapper too, and the same customizers.
	 */
	@Bean
	@ConditionalOnMissingBean
	SnapshotCodec replicationSnapshotCodec(ObjectProvider<ReplicationJsonMapperCustomizer> customizers) {
		JsonMapper.Builder builder = JsonMapper.builder();
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return new JacksonSnapshotCodec(builder.build());
	}

	private static SnapshotConfig snapshotConfig(ReplicationProperties properties, SnapshotCodec codec) {
		ReplicationProperties.Snapshot snapshot = properties.getSnapshot();
		SnapshotSettings defaults = new SnapshotSettings(snapshot.isEnabled(), snapshot.getEveryCommands(),
				snapshot.getMinInterval(), (int) snapshot.getChunkSize().toBytes(), snapshot.isTrimLog());
		Map<String, SnapshotSettings> byState = new LinkedHashMap<>();
		properties.getStates().forEach((name, state) -> {
			ReplicationProperties.StateSnapshot overrides = state.getSnapshot();
			byState.put(name,
					new SnapshotSettings((overrides.getEnabled() != null) ? overrides.getEnabled() : defaults.enabled(),
							(overrides.getEveryCommands() != null) ? overrides.getEveryCommands()
									: defaults.everyCommands(),
							(overrides.getMinInterval() != null) ? overrides.getMinInterval() : defaults.minInterval(),
							defaults.chunkSize(),
							(overrides.getTrimLog() != null) ? overrides.getTrimLog() : defaults.trimLog()));
		});
		return new SnapshotConfig(defaults, byState, codec);
	}

	@Bean
	WriteSessions replicationWriteSessions() {
		return new WriteSessions();
	}

	@Bean
	@ConditionalOnMissingBean
	ReplicationPositions replicationPositions(KafkaReplication replication, WriteSessions sessions,
			ReplicationProperties properties) {
		return new KafkaReplicationPositions(replication, sessions, properties.getRead().getTimeout());
	}

	@Bean
	ReplicatedReads replicatedReads(ReplicationPositions positions, ReplicationProperties properties) {
		return new ReplicatedReads(positions, properties.getRead().getTimeout());
	}

	@Bean
	CommandDispatcher replicationCommandDispatcher(ReplicationInstance instance, ReplicationProperties properties,
			ArgumentCodec codec, KafkaReplication replication, PendingInvocations pending, WriteCallbacks callbacks,
			WriteSessions sessions, ObjectProvider<ReplicationMetrics> metrics,
			ObjectProvider<CommandTracing> tracing) {
		return new CommandDispatcher(instance.id(), instance.role(), codec, replication::commandLog, pending,
				properties.getWriteTimeout(), callbacks, measured(metrics), traced(tracing), sessions);
	}

	private static ReplicationMetrics measured(ObjectProvider<ReplicationMetrics> metrics) {
		return metrics.getIfAvailable(() -> ReplicationMetrics.NONE);
	}

	// Without a tracer, nothing is traced and records carry no context.
	private static CommandTracing traced(ObjectProvider<CommandTracing> tracing) {
		return tracing.getIfAvailable(() -> CommandTracing.NONE);
	}

	private static TopicLayout topicLayout(ReplicationProperties properties, ReplicationInstance instance) {
		ReplicationProperties.Topic topic = properties.getTopic();
		TopicSettings defaults = new TopicSettings(topic.getPartitions(), topic.getReplicationFactor(),
				topic.getMinInsyncReplicas(), properties.getWriteMode(), properties.getTopology(),
				properties.getReplicas(), null);
		Map<String, TopicSettings> overrides = new LinkedHashMap<>();
		properties.getStates()
			.forEach((name, state) -> overrides.put(name,
					new TopicSettings(state.getPartitions(), state.getReplicationFactor(), state.getMinInsyncReplicas(),
							state.getWriteMode(), state.getTopology(), state.getReplicas(), state.getApplyThreads())));
		return new TopicLayout(properties.getTopicPrefix(), instance.id(), defaults, overrides);
	}

}
