package io.replication.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.replication.engine.Role;
import io.replication.kafka.Topology;
import io.replication.kafka.WriteMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for replication. Connection and security come from
 * {@code spring.kafka.*}.
 *
 * @author replication
 */
@ConfigurationProperties("replication")
public class ReplicationProperties {

	/**
	 * Whether to replicate @ReplicatedState beans.
	 */
	private boolean enabled = true;

	/**
	 * Id of this instance, unique among running instances. Names its consumer groups and
	 * transactional ids; a process started with the id of a running one fences it.
	 * Generated per process when not set.
	 */
	private @Nullable String instanceId;

	/**
	 * Role of this instance: 'active' takes writes, 'replica' only applies the log.
	 */
	private Role role = Role.ACTIVE;

	/**
	 * Prefix of every state's topic name, and of consumer group ids and transactional
	 * ids.
	 */
	private String topicPrefix = "replication.";

	/**
	 * How commands are written: 'idempotent' (an idempotent producer, no transactions: a
	 * crashed writer never holds readers back) or 'transactional' (one Kafka transaction
	 * per group commit).
	 */
	private WriteMode writeMode = WriteMode.IDEMPOTENT;

	/**
	 * How instances share a state's log: 'shared' (one log that every instance reads in a
	 * consumer group of its own) or 'partition-per-replica' (one partition per replica
	 * named in 'replication.replicas', every write sent to all of them in one Kafka
	 * transaction by one writer at a time).
	 */
	private Topology topology = Topology.SHARED;

	/**
	 * Instance ids of the replica set of the partition-per-replica topology, in partition
	 * order: partition i of each state's topic belongs to the i-th.
	 */
	private List<String> replicas = new ArrayList<>();

	/**
	 * How long a writer, blocking or asynchronous, waits for its write to be applied on
	 * this instance. A write still queued then is withdrawn and rejected; one already
	 * sent ends with WriteOutcomeUnknownException.
	 */
	private Duration writeTimeout = Duration.ofSeconds(30);

	/**
	 * How long startup waits for Kafka to answer topic checks before failing.
	 */
	private Duration startupTimeout = Duration.ofSeconds(30);

	/**
	 * How often the end of each state's log is read to compute lag and readiness; also
	 * the most often applied positions are committed while records flow.
	 */
	private Duration monitorInterval = Duration.ofSeconds(1);

	private final GroupCommit groupCommit = new GroupCommit();

	private final Topic topic = new Topic();

	private final Health health = new Health();

	private final Read read = new Read();

	private final Snapshot snapshot = new Snapshot();

	/**
	 * Per-state topic settings, by state name, overriding 'replication.topic'.
	 */
	private final Map<String, State> states = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getInstanceId() {
		return this.instanceId;
	}

	public void setInstanceId(@Nullable String instanceId) {
		this.instanceId = instanceId;
	}

	public Role getRole() {
		return this.role;
	}

	public void setRole(Role role) {
		this.role = role;
	}

	public String getTopicPrefix() {
		return this.topicPrefix;
	}

	public void setTopicPrefix(String topicPrefix) {
		Assert.isTrue(topicPrefix.matches("[a-zA-Z0-9._-]*"),
				"'replication.topic-prefix' may hold only letters, digits, '.', '_' and '-'");
		this.topicPrefix = topicPrefix;
	}

	public WriteMode getWriteMode() {
		return this.writeMode;
	}

	public void setWriteMode(WriteMode writeMode) {
		this.writeMode = writeMode;
	}

	public Topology getTopology() {
		return this.topology;
	}

	public void setTopology(Topology topology) {
		this.topology = topology;
	}

	public List<String> getReplicas() {
		return this.replicas;
	}

	public void setReplicas(List<String> replicas) {
		this.replicas = replicas;
	}

	public Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public void setWriteTimeout(Duration writeTimeout) {
		Assert.isTrue(isPositive(writeTimeout), "'replication.write-timeout' must be positive");
		this.writeTimeout = writeTimeout;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		Assert.isTrue(isPositive(startupTimeout), "'replication.startup-timeout' must be positive");
		this.startupTimeout = startupTimeout;
	}

	public Duration getMonitorInterval() {
		return this.monitorInterval;
	}

	public void setMonitorInterval(Duration monitorInterval) {
		Assert.isTrue(isPositive(monitorInterval), "'replication.monitor-interval' must be positive");
		this.monitorInterval = monitorInterval;
	}

	public GroupCommit getGroupCommit() {
		return this.groupCommit;
	}

	public Topic getTopic() {
		return this.topic;
	}

	public Read getRead() {
		return this.read;
	}

	public Snapshot getSnapshot() {
		return this.snapshot;
	}

	public Health getHealth() {
		return this.health;
	}

	public Map<String, State> getStates() {
		return this.states;
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	public static class GroupCommit {

		/**
		 * Most writes committed in one Kafka transaction, or in write mode 'idempotent'
		 * most writes sent and not yet acknowledged. Large batches only form when writes
		 * queue up (asynchronous writers, many callers), and then spread the cost of a
		 * commit over more of them.
		 */
		private int maxBatch = 5000;

		/**
		 * Most writes of one state waiting to be sent; a write beyond it is rejected at
		 * once rather than buffered.
		 */
		private int maxQueued = 50_000;

		/**
		 * Longest a transaction waits for more writes after its first. Zero commits as
		 * soon as the previous transaction is done; writes that arrive meanwhile still
		 * share the next one.
		 */
		private Duration maxWait = Duration.ZERO;

		public int getMaxBatch() {
			return this.maxBatch;
		}

		public void setMaxBatch(int maxBatch) {
			Assert.isTrue(maxBatch > 0, "'replication.group-commit.max-batch' must be at least 1");
			this.maxBatch = maxBatch;
		}

		public int getMaxQueued() {
			return this.maxQueued;
		}

		public void setMaxQueued(int maxQueued) {
			Assert.isTrue(maxQueued > 0, "'replication.group-commit.max-queued' must be at least 1");
			this.maxQueued = maxQueued;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			Assert.isTrue(!maxWait.isNegative(), "'replication.group-commit.max-wait' must not be negative");
			this.maxWait = maxWait;
		}

	}

	public static class Read {

		/**
		 * Longest a read waits for this instance to apply a position: a request carrying
		 * the Replication-Position header, or a LINEARIZABLE @ReplicatedRead.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Whether servlet web applications carry positions in the Replication-Position
		 * header: on every response, and, from requests that bring one, as a position to
		 * wait for before they are handled.
		 */
		private boolean positionHeader = true;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(),
					"'replication.read.timeout' must be positive");
			this.timeout = timeout;
		}

		public boolean isPositionHeader() {
			return this.positionHeader;
		}

		public void setPositionHeader(boolean positionHeader) {
			this.positionHeader = positionHeader;
		}

	}

	public static class Health {

		/**
		 * Largest lag, in offsets, at which a live state still reports UP; beyond it the
		 * replication health is OUT_OF_SERVICE.
		 */
		private long maxLag = 10_000;

		/**
		 * Whether the replication health contributor joins the 'readiness' health group,
		 * so an instance is not ready while a state replays, is halted or is fenced.
		 */
		private boolean readiness = true;

		public boolean isReadiness() {
			return this.readiness;
		}

		public void setReadiness(boolean readiness) {
			this.readiness = readiness;
		}

		public long getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(long maxLag) {
			Assert.isTrue(maxLag >= 0, "'replication.health.max-lag' must not be negative");
			this.maxLag = maxLag;
		}

	}

	public static class Topic {

		/**
		 * Number of partitions of each state's topic. More than one needs a key on every
		 * command.
		 */
		private int partitions = 1;

		/**
		 * Replication factor of each state's topic. Broker default when not set.
		 */
		private @Nullable Short replicationFactor;

		/**
		 * 'min.insync.replicas' of each state's topic. Broker default when not set.
		 */
		private @Nullable Integer minInsyncReplicas;

		public int getPartitions() {
			return this.partitions;
		}

		public void setPartitions(int partitions) {
			Assert.isTrue(partitions > 0, "'replication.topic.partitions' must be at least 1");
			this.partitions = partitions;
		}

		public @Nullable Short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(@Nullable Short replicationFactor) {
			Assert.isTrue(replicationFactor == null || replicationFactor > 0,
					"'replication.topic.replication-factor' must be at least 1");
			this.replicationFactor = replicationFactor;
		}

		public @Nullable Integer getMinInsyncReplicas() {
			return this.minInsyncReplicas;
		}

		public void setMinInsyncReplicas(@Nullable Integer minInsyncReplicas) {
			Assert.isTrue(minInsyncReplicas == null || minInsyncReplicas > 0,
					"'replication.topic.min-insync-replicas' must be at least 1");
			this.minInsyncReplicas = minInsyncReplicas;
		}

	}

	public static class Snapshot {

		/**
		 * Whether states that implement Snapshottable are snapshotted and restored from
		 * their snapshots on start.
		 */
		private boolean enabled = true;

		/**
		 * Commands applied since the last snapshot before the next is taken.
		 */
		private long everyCommands = 100_000;

		/**
		 * Least time between two snapshots of a state.
		 */
		private Duration minInterval = Duration.ofMinutes(1);

		/**
		 * Largest chunk record of a snapshot; with its header it must fit the producer's
		 * max.request.size and the topic's max.message.bytes.
		 */
		private DataSize chunkSize = DataSize.ofKilobytes(512);

		/**
		 * Whether log records that every replica's snapshots cover are deleted, up to the
		 * older of each replica's two newest.
		 */
		private boolean trimLog;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getEveryCommands() {
			return this.everyCommands;
		}

		public void setEveryCommands(long everyCommands) {
			Assert.isTrue(everyCommands > 0, "'replication.snapshot.every-commands' must be at least 1");
			this.everyCommands = everyCommands;
		}

		public Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(Duration minInterval) {
			Assert.isTrue(minInterval != null && !minInterval.isNegative(),
					"'replication.snapshot.min-interval' must not be negative");
			this.minInterval = minInterval;
		}

		public DataSize getChunkSize() {
			return this.chunkSize;
		}

		public void setChunkSize(DataSize chunkSize) {
			Assert.isTrue(chunkSize != null && chunkSize.toBytes() >= 1024 && chunkSize.toBytes() <= Integer.MAX_VALUE,
					"'replication.snapshot.chunk-size' must be at least 1KB");
			this.chunkSize = chunkSize;
		}

		public boolean isTrimLog() {
			return this.trimLog;
		}

		public void setTrimLog(boolean trimLog) {
			this.trimLog = trimLog;
		}

	}

	public static class StateSnapshot {

		/**
		 * Whether this state is snapshotted, if it implements Snapshottable.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Commands applied since this state's last snapshot before the next is taken.
		 */
		private @Nullable Long everyCommands;

		/**
		 * Least time between two snapshots of this state.
		 */
		private @Nullable Duration minInterval;

		/**
		 * Whether log records of this state that every replica's newest snapshot covers
		 * are deleted.
		 */
		private @Nullable Boolean trimLog;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Long getEveryCommands() {
			return this.everyCommands;
		}

		public void setEveryCommands(@Nullable Long everyCommands) {
			Assert.isTrue(everyCommands == null || everyCommands > 0,
					"'replication.states.*.snapshot.every-commands' must be at least 1");
			this.everyCommands = everyCommands;
		}

		public @Nullable Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(@Nullable Duration minInterval) {
			Assert.isTrue(minInterval == null || !minInterval.isNegative(),
					"'replication.states.*.snapshot.min-interval' must not be negative");
			this.minInterval = minInterval;
		}

		public @Nullable Boolean getTrimLog() {
			return this.trimLog;
		}

		public void setTrimLog(@Nullable Boolean trimLog) {
			this.trimLog = trimLog;
		}

	}

	public static class State {

		/**
		 * Number of partitions of this state's topic.
		 */
		private @Nullable Integer partitions;

		/**
		 * Replication factor of this state's topic.
		 */
		private @Nullable Short replicationFactor;

		/**
		 * 'min.insync.replicas' of this state's topic.
		 */
		private @Nullable Integer minInsyncReplicas;

		/**
		 * How this state's commands are written, overriding 'replication.write-mode'.
		 */
		private @Nullable WriteMode writeMode;

		/**
		 * How instances share this state's log, overriding 'replication.topology'.
		 */
		private @Nullable Topology topology;

		/**
		 * Replica set of this state in the partition-per-replica topology, overriding
		 * 'replication.replicas'.
		 */
		private @Nullable List<String> replicas;

		/**
		 * Number of threads applying this state's commands on each instance, each taking
		 * a share of its partitions (one consumer each). One per partition when not set.
		 */
		private @Nullable Integer applyThreads;

		private final StateSnapshot snapshot = new StateSnapshot();

		public @Nullable WriteMode getWriteMode() {
			return this.writeMode;
		}

		public void setWriteMode(@Nullable WriteMode writeMode) {
			this.writeMode = writeMode;
		}

		public @Nullable Topology getTopology() {
			return this.topology;
		}

		public void setTopology(@Nullable Topology topology) {
			this.topology = topology;
		}

		public @Nullable List<String> getReplicas() {
			return this.replicas;
		}

		public void setReplicas(@Nullable List<String> replicas) {
			this.replicas = replicas;
		}

		public StateSnapshot getSnapshot() {
			return this.snapshot;
		}

		public @Nullable Integer getApplyThreads() {
			return this.applyThreads;
		}

		public void setApplyThreads(@Nullable Integer applyThreads) {
			Assert.isTrue(applyThreads == null || applyThreads > 0,
					"'replication.states.*.apply-threads' must be at least 1");
			this.applyThreads = applyThreads;
		}

		public @Nullable Integer getPartitions() {
			return this.partitions;
		}

		public void setPartitions(@Nullable Integer partitions) {
			Assert.isTrue(partitions == null || partitions > 0, "'replication.states.*.partitions' must be at least 1");
			this.partitions = partitions;
		}

		public @Nullable Short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(@Nullable Short replicationFactor) {
			Assert.isTrue(replicationFactor == null || replicationFactor > 0,
					"'replication.topic.replication-factor' must be at least 1");
			this.replicationFactor = replicationFactor;
		}

		public @Nullable Integer getMinInsyncReplicas() {
			return this.minInsyncReplicas;
		}

		public void setMinInsyncReplicas(@Nullable Integer minInsyncReplicas) {
			Assert.isTrue(minInsyncReplicas == null || minInsyncReplicas > 0,
					"'replication.topic.min-insync-replicas' must be at least 1");
			this.minInsyncReplicas = minInsyncReplicas;
		}

	}

}
