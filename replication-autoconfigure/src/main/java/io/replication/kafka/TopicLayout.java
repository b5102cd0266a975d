package io.replication.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.replication.engine.CommandDefinition;
import io.replication.engine.StateDefinition;

/**
 * Names and shapes of the Kafka resources of each state: its topic, this instance's
 * consumer group and transactional id.
 *
 * @author replication
 */
public final class TopicLayout {

	private final String topicPrefix;

	private final String instanceId;

	private final TopicSettings defaults;

	private final Map<String, TopicSettings> overrides;

	/**
	 * Create a layout.
	 * @param topicPrefix prefix of every state's topic name
	 * @param instanceId id of this instance
	 * @param defaults settings of every state's topic
	 * @param overrides settings by state name, overriding the defaults
	 */
	public TopicLayout(String topicPrefix, String instanceId, TopicSettings defaults,
			Map<String, TopicSettings> overrides) {
		this.topicPrefix = topicPrefix;
		this.instanceId = instanceId;
		this.defaults = defaults;
		this.overrides = Map.copyOf(overrides);
	}

	String topicPrefix() {
		return this.topicPrefix;
	}

	String instanceId() {
		return this.instanceId;
	}

	String topic(String state) {
		return this.topicPrefix + state;
	}

	String groupId(String state) {
		return this.topicPrefix + state + "." + this.instanceId;
	}

	/**
	 * Prefix of the transactional ids a state's writer uses. In the shared topology they
	 * are this instance's own. In the partition-per-replica topology every writer of the
	 * state shares them, so that a writer taking over fences the one before and ends its
	 * last transaction before writing: then transactions never overlap, and every
	 * partition holds the commands in the same order.
	 * @param state name of the state
	 * @return the prefix, completed by a producer number
	 */
	String transactionIdPrefix(String state) {
		return (topology(state) == Topology.PARTITION_PER_REPLICA) ? this.topicPrefix + state + ".writer."
				: this.topicPrefix + state + "." + this.instanceId + ".";
	}

	/**
	 * How a state's commands are written.
	 * @param state name of the state
	 * @return its write mode
	 */
	WriteMode writeMode(String state) {
		WriteMode mode = settings(state).writeMode();
		return (mode != null) ? mode : WriteMode.IDEMPOTENT;
	}

	private Topology topology(String state) {
		Topology topology = settings(state).topology();
		return (topology != null) ? topology : Topology.SHARED;
	}

	private TopicSettings settings(String state) {
		return this.overrides.getOrDefault(state, this.defaults).orElse(this.defaults);
	}

	/**
	 * The topics the states need, checked against the configuration.
	 * @param states the registered states
	 * @return one topic per state
	 * @throws IllegalStateException naming the property or method to change
	 */
	Collection<TopicSpec> specs(Collection<StateDefinition> states) {
		Set<String> names = states.stream().map(StateDefinition::name).collect(Collectors.toCollection(TreeSet::new));
		for (String configured : new TreeSet<>(this.overrides.keySet())) {
			if (!names.contains(configured)) {
				throw new IllegalStateException("replication.states." + configured
						+ " configures no @ReplicatedState bean; known states: " + names);
			}
		}
		List<TopicSpec> specs = states.stream().map(this::spec).toList();
		// Checked before any topic is created.
		specs.forEach(this::applyThreads);
		return specs;
	}

	/**
	 * How many threads apply a state's commands on this instance, each with a consumer of
	 * its own and a share of the partitions this instance reads.
	 * @param topic the state's topic
	 * @return at least one, at most one per partition read
	 * @throws IllegalStateException naming the property to change
	 */
	int applyThreads(TopicSpec topic) {
		Integer configured = settings(topic.state()).applyThreads();
		int partitions = topic.readPartitions().size();
		if (configured == null) {
			return partitions;
		}
		if (configured < 1 || configured > partitions) {
			throw new IllegalStateException("replication.states." + topic.state() + ".apply-threads=" + configured
					+ " is not between 1 and the " + partitions + " partition(s) this instance applies"
					+ (topic.partitionPerReplica() ? " (its own, in the partition-per-replica topology)" : "")
					+ ": each thread applies whole partitions, and a partition is applied by one thread at a time");
		}
		return configured;
	}

	private TopicSpec spec(StateDefinition state) {
		TopicSettings settings = settings(state.name());
		if (topology(state.name()) == Topology.PARTITION_PER_REPLICA) {
			ReplicaPartitions replicas = replicaPartitions(state.name(), settings);
			return new TopicSpec(state.name(), topic(state.name()), replicas.size(), settings.replicationFactor(),
					settings.minInsyncReplicas(), false, replicas);
		}
		int partitions = (settings.partitions() != null) ? settings.partitions() : 1;
		if (partitions < 1) {
			throw new IllegalStateException(
					"replication.states." + state.name() + ".partitions must be at least 1, not " + partitions);
		}
		if (partitions > 1) {
			for (CommandDefinition command : state.commands()) {
				if (command.key() == null) {
					throw new IllegalStateException("State '" + state.name() + "' has " + partitions
							+ " partitions, so @ReplicatedWrite method " + command.describe()
							+ " needs a key expression (@ReplicatedWrite(key = \"#p0\")) to pick its partition");
				}
			}
		}
		return new TopicSpec(state.name(), topic(state.name()), partitions, settings.replicationFactor(),
				settings.minInsyncReplicas(), false, null);
	}

	// Each check names the property to change.
	private ReplicaPartitions replicaPartitions(String state, TopicSettings settings) {
		String where = "State '" + state + "' uses replication.topology=partition-per-replica";
		List<String> replicas = (settings.replicas() != null) ? settings.replicas() : List.of();
		if (replicas.isEmpty()) {
			throw new IllegalStateException(
					where + ", which needs its replica set: set replication.replicas (or " + "replication.states."
							+ state + ".replicas) to the instance ids of the replicas, in partition order");
		}
		Set<String> distinct = new TreeSet<>();
		for (String replica : replicas) {
			if (!distinct.add(replica)) {
				throw new IllegalStateException(where + ", but its replica set " + replicas + " names '" + replica
						+ "' twice: each replica owns one partition");
			}
		}
		int own = replicas.indexOf(this.instanceId);
		if (own < 0) {
			throw new IllegalStateException(where + ", but this instance's id '" + this.instanceId
					+ "' is not in its replica set " + replicas + ": set replication.instance-id to one of them, or "
					+ "add it to replication.replicas (see 'Adding a replica' in the README)");
		}
		if (writeMode(state) != WriteMode.TRANSACTIONAL) {
			throw new IllegalStateException(where + ", which sends each write to every replica's partition in one "
					+ "Kafka transaction: set replication.write-mode=transactional (or replication.states." + state
					+ ".write-mode), not " + writeMode(state).name().toLowerCase(Locale.ROOT));
		}
		TopicSettings override = this.overrides.get(state);
		Integer partitions = (override != null && override.partitions() != null) ? override.partitions()
				: this.defaults.partitions();
		// The default of 1 cannot be told from a configured 1: only other counts
		// conflict.
		boolean configured = (override != null && override.partitions() != null)
				|| (partitions != null && partitions != 1);
		if (configured && partitions != null && partitions != replicas.size()) {
			throw new IllegalStateException(where + " with " + replicas.size() + " replicas " + replicas
					+ ", so its topic has one partition per replica, but " + partitions
					+ " partitions are configured: remove replication.states." + state
					+ ".partitions (and replication.topic.partitions), or set it to " + replicas.size());
		}
		return new ReplicaPartitions(replicas, own);
	}

}
