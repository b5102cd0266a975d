package io.replication.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import io.replication.ReplicationException;
import io.replication.engine.CommandApplier;
import io.replication.engine.CommandLog;
import io.replication.engine.StateDefinition;
import io.replication.engine.StateRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.AbstractMessageListenerContainer;

/**
 * Runs replication for every registered state: checks or creates the topics, then starts
 * each state's appender and log consumers. Stopped with the application context.
 *
 * @author replication
 */
public final class KafkaReplication implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(KafkaReplication.class);

	private final StateRegistry registry;

	private final TopicLayout layout;

	private final ReplicationClientConfigs clients;

	private final CommandApplier applier;

	private final GroupCommitSettings groupCommit;

	private final Duration startupTimeout;

	private final CommandRecordCodec codec = new CommandRecordCodec();

	private volatile Map<String, StateReplica> replicas = Map.of();

	private volatile boolean running;

	/**
	 * Create the runtime.
	 * @param registry the states to replicate
	 * @param layout names and shapes of the states' topics
	 * @param clients the Kafka client settings
	 * @param applier applies the states' commands
	 * @param groupCommit bounds of the group commit
	 * @param startupTimeout how long start waits for the broker to answer topic checks
	 */
	public KafkaReplication(StateRegistry registry, TopicLayout layout, ReplicationClientConfigs clients,
			CommandApplier applier, GroupCommitSettings groupCommit, Duration startupTimeout) {
		this.registry = registry;
		this.layout = layout;
		this.clients = clients;
		this.applier = applier;
		this.groupCommit = groupCommit;
		this.startupTimeout = startupTimeout;
	}

	@Override
	public void start() {
		Collection<TopicSpec> topics = this.layout.specs(this.registry.states());
		if (topics.isEmpty()) {
			logger.debug("No @ReplicatedState bean: nothing to replicate");
			this.running = true;
			return;
		}
		new TopicProvisioner(this.clients.admin(), this.startupTimeout).provision(topics);
		DefaultKafkaConsumerFactory<String, byte[]> consumerFactory = this.clients.consumerFactory();
		Map<String, StateReplica> started = new LinkedHashMap<>();
		try {
			for (TopicSpec topic : topics) {
				StateReplica replica = replica(topic, consumerFactory);
				replica.start();
				started.put(topic.state(), replica);
				logger.info("Replicating state '" + topic.state() + "' through topic '" + topic.name() + "' ("
						+ topic.partitions() + " partition(s)), consumer group '" + replica.groupId() + "'");
			}
		}
		catch (RuntimeException ex) {
			started.values().forEach(StateReplica::stop);
			throw ex;
		}
		this.replicas = Map.copyOf(started);
		this.running = true;
	}

	private StateReplica replica(TopicSpec topic, DefaultKafkaConsumerFactory<String, byte[]> consumerFactory) {
		StateDefinition state = Objects.requireNonNull(this.registry.state(topic.state()));
		GroupCommitAppender appender = new GroupCommitAppender(state.name(), topic.name(),
				this.clients.producerFactory(this.layout.transactionIdPrefix(state.name())), this.groupCommit,
				this.codec);
		return new StateReplica(state, topic, this.layout.groupId(state.name()), this.layout.instanceId(), appender,
				consumerFactory, this.applier, this.codec);
	}

	@Override
	public void stop() {
		this.running = false;
		this.replicas.values().forEach(StateReplica::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return AbstractMessageListenerContainer.DEFAULT_PHASE;
	}

	/**
	 * The log of a state.
	 * @param state name of the state
	 * @return its log; appends fail while replication is not running
	 */
	public CommandLog commandLog(String state) {
		StateReplica replica = this.replicas.get(state);
		if (replica == null) {
			return (record) -> CompletableFuture.failedFuture(
					new ReplicationException("State '" + state + "' does not take writes: replication is not running"));
		}
		return replica.appender();
	}

	/**
	 * Where a state has halted, if it has.
	 * @param state name of the state
	 * @return the halt, or {@code null} while the state applies its log
	 */
	public @Nullable StateHalt halt(String state) {
		StateReplica replica = this.replicas.get(state);
		return (replica != null) ? replica.halt() : null;
	}

	/**
	 * Offsets up to which this instance has applied a state's log.
	 * @param state name of the state
	 * @return next offset to apply, by partition; empty for an unknown state
	 */
	public Map<Integer, Long> appliedOffsets(String state) {
		StateReplica replica = this.replicas.get(state);
		return (replica != null) ? replica.listener().nextOffsets() : Map.of();
	}

}
