package io.replication.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.replication.engine.Role;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

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
	 * How long a blocking writer waits for its write to be applied on this instance.
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
		this.topicPrefix = topicPrefix;
	}

	public Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public void setWriteTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	public Duration getStartupTimeout() {
		return this.startupTimeout;
	}

	public void setStartupTimeout(Duration startupTimeout) {
		this.startupTimeout = startupTimeout;
	}

	public Duration getMonitorInterval() {
		return this.monitorInterval;
	}

	public void setMonitorInterval(Duration monitorInterval) {
		this.monitorInterval = monitorInterval;
	}

	public GroupCommit getGroupCommit() {
		return this.groupCommit;
	}

	public Topic getTopic() {
		return this.topic;
	}

	public Health getHealth() {
		return this.health;
	}

	public Map<String, State> getStates() {
		return this.states;
	}

	public static class GroupCommit {

		/**
		 * Most writes committed in one Kafka transaction. Large batches only form when
		 * writes queue up (asynchronous writers, many callers), and then spread the cost
		 * of a commit over more of them.
		 */
		private int maxBatch = 5000;

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
			this.maxBatch = maxBatch;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	public static class Health {

		/**
		 * Largest lag, in offsets, at which a live state still reports UP; beyond it the
		 * replication health is OUT_OF_SERVICE.
		 */
		private long maxLag = 10_000;

		public long getMaxLag() {
			return this.maxLag;
		}

		public void setMaxLag(long maxLag) {
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
			this.partitions = partitions;
		}

		public @Nullable Short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(@Nullable Short replicationFactor) {
			this.replicationFactor = replicationFactor;
		}

		public @Nullable Integer getMinInsyncReplicas() {
			return this.minInsyncReplicas;
		}

		public void setMinInsyncReplicas(@Nullable Integer minInsyncReplicas) {
			this.minInsyncReplicas = minInsyncReplicas;
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

		public @Nullable Integer getPartitions() {
			return this.partitions;
		}

		public void setPartitions(@Nullable Integer partitions) {
			this.partitions = partitions;
		}

		public @Nullable Short getReplicationFactor() {
			return this.replicationFactor;
		}

		public void setReplicationFactor(@Nullable Short replicationFactor) {
			this.replicationFactor = replicationFactor;
		}

		public @Nullable Integer getMinInsyncReplicas() {
			return this.minInsyncReplicas;
		}

		public void setMinInsyncReplicas(@Nullable Integer minInsyncReplicas) {
			this.minInsyncReplicas = minInsyncReplicas;
		}

	}

}
