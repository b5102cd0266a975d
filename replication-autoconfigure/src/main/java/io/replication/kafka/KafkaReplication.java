package io.replication.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import io.replication.WriteRejectedException;
import io.replication.engine.CommandApplier;
import io.replication.engine.CommandLog;
import io.replication.engine.PendingInvocations;
import io.replication.engine.ReplicationMetrics;
import io.replication.engine.Role;
import io.replication.engine.StateRegistry;
import io.replication.status.ReplicaView;
import io.replication.status.ReplicationStatusSource;
import io.replication.status.StateHalt;
import io.replication.status.StateStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Runs replication for every registered state: checks or creates the topics, then starts
 * each state's appender and log consumers. Stopped with the application context.
 *
 * @author replication
 */
public final class KafkaReplication implements SmartLifecycle, ReplicationStatusSource {

	private static final Log logger = LogFactory.getLog(KafkaReplication.class);

	private final StateRegistry registry;

	private final TopicLayout layout;

	private final ReplicationClients clients;

	private final StateReplicaFactory replicaFactory;

	private final Duration startupTimeout;

	private final Duration monitorInterval;

	private volatile @Nullable Admin admin;

	private volatile @Nullable KafkaQueries queries;

	private volatile @Nullable ReplicationMonitor monitor;

	private volatile @Nullable ClusterView clusterView;

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
	 * @param monitorInterval how often the end of each state's log is read
	 * @param metrics receives the size of each transaction
	 * @param pending the calls waiting on this instance, failed when a state stops
	 * @param role whether this instance takes writes
	 * @param snapshots when and how snapshottable states are snapshotted
	 */
	public KafkaReplication(StateRegistry registry, TopicLayout layout, ReplicationClients clients,
			CommandApplier applier, GroupCommitSettings groupCommit, Duration startupTimeout, Duration monitorInterval,
			ReplicationMetrics metrics, PendingInvocations pending, Role role, SnapshotConfig snapshots) {
		this.registry = registry;
		this.layout = layout;
		this.clients = clients;
		this.replicaFactory = new StateReplicaFactory(registry, layout, clients, applier, groupCommit, monitorInterval,
				metrics, pending, role, snapshots, startupTimeout);
		this.startupTimeout = startupTimeout;
		this.monitorInterval = monitorInterval;
	}

	@Override
	public void start() {
		Collection<TopicSpec> topics = this.layout.specs(this.registry.states());
		if (topics.isEmpty()) {
			logger.debug("No @ReplicatedState bean: nothing to replicate");
			this.running = true;
			return;
		}
		// One client for the topic checks, then the monitor's and the cluster view's
		// queries.
		Admin admin = this.clients.admin();
		KafkaQueries kafka = new KafkaQueries(admin, this.startupTimeout);
		DefaultKafkaConsumerFactory<String, ByteBuffer> consumerFactory = this.clients.consumerFactory();
		ClusterView clusterView = new ClusterView(kafka, this.layout.topicPrefix(), this.monitorInterval);
		Map<String, StateReplica> started = new LinkedHashMap<>();
		try {
			List<TopicSpec> needed = new ArrayList<>(topics);
			topics.stream().map(this.replicaFactory::snapshotTopic).filter(Objects::nonNull).forEach(needed::add);
			new TopicProvisioner(admin, this.clients.brokers(), this.startupTimeout).provision(needed);
			for (TopicSpec topic : topics) {
				StateReplica replica = this.replicaFactory.create(topic, consumerFactory, kafka,
						(log) -> clusterView.of(log).stream().map(ReplicaView::instanceId).toList());
				replica.start();
				started.put(topic.state(), replica);
				StateSnapshots snapshots = replica.snapshots();
				logger.info("Replicating state '" + topic.state() + "' through topic '" + topic.name() + "' ("
						+ topic.partitions() + " partition(s), " + this.layout.applyThreads(topic)
						+ " apply thread(s)), consumer group '" + replica.groupId() + "'"
						+ ((snapshots != null) ? ", snapshots in '" + snapshots.topic() + "'" : ""));
			}
		}
		catch (RuntimeException ex) {
			started.values().forEach(StateReplica::stop);
			// Calls still pending after a timeout would otherwise hold start for the
			// client's own API timeout.
			admin.close(Duration.ZERO);
			throw ex;
		}
		this.admin = admin;
		this.queries = kafka;
		this.replicas = Map.copyOf(started);
		this.clusterView = clusterView;
		ReplicationMonitor monitor = new ReplicationMonitor(kafka, this.replicas, this.monitorInterval, this::caughtUp);
		this.monitor = monitor;
		this.running = true;
		monitor.start();
	}

	private void caughtUp() {
		logger.info("Every state has caught up with its log: ready for traffic");
	}

	@Override
	public void stop() {
		this.running = false;
		this.replicas.values().forEach(StateReplica::stop);
		ReplicationMonitor monitor = this.monitor;
		if (monitor != null) {
			monitor.stop();
		}
		ClusterView clusterView = this.clusterView;
		if (clusterView != null) {
			this.replicas.values()
				.stream()
				// A fenced instance's group members are now the newer process's; a
				// partition-per-replica state's consumers have no group membership.
				.filter((replica) -> replica.appender().fenced() == null && !replica.topic().partitionPerReplica())
				.forEach(clusterView::leave);
		}
		Admin admin = this.admin;
		if (admin != null) {
			admin.close(Duration.ZERO);
		}
	}

	/**
	 * Whether every state has caught up with the end of its log seen at start.
	 * @return {@code true} once every state has been live
	 */
	@Override
	public boolean isCaughtUp() {
		ReplicationMonitor monitor = this.monitor;
		return this.running && (this.replicas.isEmpty() || (monitor != null && monitor.allCaughtUp()));
	}

	/**
	 * Where each state stands on this instance.
	 * @return the states, by name
	 */
	@Override
	public List<StateStatus> status() {
		ReplicationMonitor monitor = this.monitor;
		if (monitor == null) {
			return List.of();
		}
		return this.replicas.values()
			.stream()
			.map((replica) -> monitor.status(replica, this.running))
			.sorted(Comparator.comparing(StateStatus::state))
			.toList();
	}

	/**
	 * Where one state stands on this instance.
	 * @param state name of the state
	 * @return its status, or {@code null} for an unknown state
	 */
	@Override
	public @Nullable StateStatus status(String state) {
		StateReplica replica = this.replicas.get(state);
		ReplicationMonitor monitor = this.monitor;
		return (replica != null && monitor != null) ? monitor.status(replica, this.running) : null;
	}

	/**
	 * Every replica of a state known to Kafka, most caught-up first.
	 * @param state name of the state
	 * @return the replicas, or {@code null} for an unknown state
	 */
	@Override
	public @Nullable List<ReplicaView> clusterView(String state) {
		StateReplica replica = this.replicas.get(state);
		ClusterView clusterView = this.clusterView;
		return (replica != null && clusterView != null) ? clusterView.of(replica) : null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start after the web server starts, and stop after it has drained its requests
	 * (graceful shutdown stops in phase {@code DEFAULT_PHASE - 1024}) but before it stops
	 * ({@code DEFAULT_PHASE - 2048}), so that writes taken during the drain still
	 * complete.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 1536;
	}

	/**
	 * The log of a state.
	 * @param state name of the state
	 * @return its log; appends fail while replication is not running
	 */
	public CommandLog commandLog(String state) {
		StateReplica replica = this.replicas.get(state);
		if (replica == null) {
			return (record, append) -> append.reject(new WriteRejectedException(
					"State '" + state + "' does not take writes: replication is not running"));
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
	 * The states this instance replicates.
	 * @return their names; empty while replication is not running
	 */
	public Set<String> states() {
		return this.replicas.keySet();
	}

	/**
	 * The id of this instance.
	 * @return the instance id
	 */
	public String instanceId() {
		return this.layout.instanceId();
	}

	/**
	 * A state's running replica.
	 * @param state name of the state
	 * @return the replica, or {@code null} for an unknown state or while replication is
	 * not running
	 */
	@Nullable StateReplica replica(String state) {
		return this.replicas.get(state);
	}

	/**
	 * The questions this instance asks Kafka's admin API.
	 * @return the queries, or {@code null} while replication is not running
	 */
	@Nullable KafkaQueries queries() {
		return this.queries;
	}

	/**
	 * Offsets up to which this instance has applied a state's log.
	 * @param state name of the state
	 * @return next offset to apply, by partition; empty for an unknown state
	 */
	public Map<Integer, Long> appliedOffsets(String state) {
		StateReplica replica = this.replicas.get(state);
		Map<Integer, Long> offsets = new TreeMap<>();
		if (replica != null) {
			replica.listener()
				.applied()
				.forEach((partition, position) -> offsets.put(partition, position.nextOffset()));
		}
		return offsets;
	}

}
