package io.replication.kafka;

import java.util.Collection;
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

	String transactionIdPrefix(String state) {
		return this.topicPrefix + state + "." + this.instanceId + ".";
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
		return states.stream().map(this::spec).toList();
	}

	private TopicSpec spec(StateDefinition state) {
		TopicSettings settings = this.overrides.getOrDefault(state.name(), this.defaults).orElse(this.defaults);
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
				settings.minInsyncReplicas(), false);
	}

}
