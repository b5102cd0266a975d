package io.replication.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Creates the states' topics when missing and refuses existing ones that could lose
 * commands: a state rebuilt from its log must find all of it.
 * <p>
 * Not Spring Kafka's {@code KafkaAdmin}: its provisioning adds partitions to an existing
 * topic that has fewer, which would re-route a keyed state's commands; here a topic with
 * another partition count stops startup instead.
 *
 * @author replication
 */
final class TopicProvisioner {

	private static final Log logger = LogFactory.getLog(TopicProvisioner.class);

	// A topic another client just created may take a moment to show in metadata.
	private static final RetryTemplate UNTIL_VISIBLE = new RetryTemplate(RetryPolicy.builder()
		.includes(UnknownTopicOrPartitionException.class)
		.maxRetries(20)
		.delay(Duration.ofMillis(20))
		.multiplier(1.5)
		.maxDelay(Duration.ofSeconds(1))
		.build());

	private final Admin admin;

	private final Object brokers;

	private final Duration timeout;

	/**
	 * Create a provisioner.
	 * @param admin the client to ask; whoever owns it closes it at once if provisioning
	 * fails, so that calls still pending do not hold start
	 * @param brokers where the client connects, for error messages
	 * @param timeout how long each call may take
	 */
	TopicProvisioner(Admin admin, Object brokers, Duration timeout) {
		this.admin = admin;
		this.brokers = brokers;
		this.timeout = timeout;
	}

	void provision(Collection<TopicSpec> specs) {
		List<TopicSpec> existing = new ArrayList<>();
		for (TopicSpec spec : specs) {
			if (create(this.admin, spec)) {
				awaitLeaders(spec);
			}
			else {
				existing.add(spec);
			}
		}
		for (TopicSpec spec : existing) {
			boolean grown = UNTIL_VISIBLE.invoke(() -> check(this.admin, spec));
			if (grown) {
				awaitLeaders(spec);
			}
		}
	}

	/**
	 * Wait until the broker answers for every partition of a topic just created or grown.
	 * Kafka confirms a creation once its controller recorded it, and a broker learns of
	 * it a moment later: a question asked in between, as the replica's first one is,
	 * would fail with an unknown topic.
	 */
	private void awaitLeaders(TopicSpec spec) {
		UNTIL_VISIBLE.invoke(() -> {
			TopicDescription description = describe(this.admin, spec)
				.orElseThrow(() -> new UnknownTopicOrPartitionException(
						"Topic '" + spec.name() + "' was created but is not visible yet"));
			if (description.partitions().size() < spec.partitions()
					|| description.partitions().stream().anyMatch((partition) -> partition.leader() == null)) {
				throw new UnknownTopicOrPartitionException("Topic '" + spec.name() + "' has no leader yet for each of "
						+ spec.partitions() + " partition(s): " + description.partitions());
			}
		});
	}

	/**
	 * Create a topic if it is missing.
	 * @return whether this call created it
	 */
	private boolean create(Admin admin, TopicSpec spec) {
		if (describe(admin, spec).isPresent()) {
			return false;
		}
		Map<String, String> configs = new HashMap<>();
		if (spec.compacted()) {
			// Only the latest record of each key is needed: the manifests and chunks of
			// each instance's two newest snapshots.
			configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
		}
		else {
			configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
			configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
			configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
			// Broker time, so the timestamp commands see as "now" only moves forward.
			configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
		}
		if (spec.minInsyncReplicas() != null) {
			configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, spec.minInsyncReplicas().toString());
		}
		NewTopic topic = new NewTopic(spec.name(), Optional.of(spec.partitions()),
				Optional.ofNullable(spec.replicationFactor()))
			.configs(configs);
		try {
			await(admin.createTopics(List.of(topic)).all(), "create topic '" + spec.name() + "'");
			logger.info("Created topic '" + spec.name() + "' for state '" + spec.state() + "' with " + spec.partitions()
					+ " partition(s) and " + (spec.compacted() ? "compaction" : "unlimited retention"));
			return true;
		}
		catch (TopicExistsException ex) {
			// Another instance created it meanwhile.
			return false;
		}
	}

	private Optional<TopicDescription> describe(Admin admin, TopicSpec spec) {
		try {
			return Optional.of(await(admin.describeTopics(List.of(spec.name())).allTopicNames(),
					"describe topic '" + spec.name() + "'")
				.get(spec.name()));
		}
		catch (UnknownTopicOrPartitionException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Check an existing topic, adding the partitions of new partition-per-replica
	 * replicas.
	 * @return whether it had fewer partitions than replicas, now added (by this instance
	 * or, meanwhile, by another)
	 */
	private boolean check(Admin admin, TopicSpec spec) {
		TopicDescription description = describe(admin, spec).orElseThrow(() -> new UnknownTopicOrPartitionException(
				"Topic '" + spec.name() + "' exists but is not visible yet"));
		if (spec.compacted()) {
			checkSnapshotTopic(admin, spec, description);
			return false;
		}
		ReplicaPartitions replicas = spec.replicaPartitions();
		boolean grown = replicas != null && description.partitions().size() != replicas.size();
		if (grown) {
			int found = description.partitions().size();
			if (found > replicas.size()) {
				throw new IllegalStateException("Topic '" + spec.name() + "' has " + found
						+ " partition(s), but state '" + spec.state()
						+ "' uses replication.topology=partition-per-replica with " + replicas.size() + " replicas "
						+ replicas.replicas() + ", one partition each: name " + found
						+ " replicas in replication.replicas, one per partition in order (Kafka cannot remove a "
						+ "partition; see 'Removing a replica' in the README)");
			}
			addReplicaPartitions(admin, spec, replicas, found);
		}
		if (replicas == null && spec.partitions() > 1 && description.partitions().size() != spec.partitions()) {
			throw new IllegalStateException("Topic '" + spec.name() + "' has " + description.partitions().size()
					+ " partition(s), but state '" + spec.state() + "' is configured with " + spec.partitions()
					+ ". Its commands go to partitions by key: another count would send keys to other partitions, "
					+ "where a key's later commands could be applied before its earlier ones. Set replication.states."
					+ spec.state() + ".partitions=" + description.partitions().size()
					+ " only if the topic held no command when its partitions changed; else move the state to a new "
					+ "topic (replication.topic-prefix) and replay its commands there");
		}
		if (replicas == null && description.partitions().size() != spec.partitions()) {
			throw new IllegalStateException("Topic '" + spec.name() + "' has " + description.partitions().size()
					+ " partition(s), but state '" + spec.state() + "' is configured with " + spec.partitions()
					+ ": set replication.states." + spec.state() + ".partitions=" + description.partitions().size()
					+ " (changing a state's partitions would move its keys to other partitions)");
		}
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
		Config config = await(admin.describeConfigs(List.of(resource)).all(), "describe topic '" + spec.name() + "'")
			.get(resource);
		requireSetting(spec, config, TopicConfig.RETENTION_MS_CONFIG, "-1");
		requireSetting(spec, config, TopicConfig.RETENTION_BYTES_CONFIG, "-1");
		requireSetting(spec, config, TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
		return grown;
	}

	/**
	 * New replicas joined the set: their partitions are added at the end, where the set
	 * names them. No key picks a partition in this topology, so nothing is re-routed.
	 */
	private void addReplicaPartitions(Admin admin, TopicSpec spec, ReplicaPartitions replicas, int found) {
		try {
			await(admin.createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(replicas.size()))).all(),
					"add partitions to topic '" + spec.name() + "'");
			logger.info("Added partition(s) " + found + " to " + (replicas.size() - 1) + " to topic '" + spec.name()
					+ "' for the new replica(s) " + replicas.replicas().subList(found, replicas.size()) + " of state '"
					+ spec.state() + "'");
		}
		catch (InvalidPartitionsException ex) {
			// Another instance added them meanwhile.
			logger.debug("Partitions of '" + spec.name() + "' were added meanwhile: " + ex.getMessage());
		}
	}

	private void checkSnapshotTopic(Admin admin, TopicSpec spec, TopicDescription description) {
		if (description.partitions().size() != spec.partitions()) {
			throw new IllegalStateException("Snapshot topic '" + spec.name() + "' of state '" + spec.state() + "' has "
					+ description.partitions().size() + " partition(s); it needs " + spec.partitions()
					+ " (manifests, chunks): delete it, and the next start creates it again");
		}
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
		Config config = await(admin.describeConfigs(List.of(resource)).all(), "describe topic '" + spec.name() + "'")
			.get(resource);
		ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
		String value = (policy != null) ? policy.value() : null;
		if (value == null || !value.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
				|| value.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
			throw new IllegalStateException("Snapshot topic '" + spec.name() + "' of state '" + spec.state() + "' has "
					+ TopicConfig.CLEANUP_POLICY_CONFIG + "=" + value + ", which would delete the snapshots restores "
					+ "need, or keep every one forever: set " + TopicConfig.CLEANUP_POLICY_CONFIG + "="
					+ TopicConfig.CLEANUP_POLICY_COMPACT + " on the topic");
		}
	}

	private static void requireSetting(TopicSpec spec, Config config, String name, String required) {
		ConfigEntry entry = config.get(name);
		String value = (entry != null) ? entry.value() : null;
		if (!required.equals(value)) {
			throw new IllegalStateException("Topic '" + spec.name() + "' of state '" + spec.state() + "' has " + name
					+ "=" + value + ", which would delete commands the state is rebuilt from: set " + name + "="
					+ required + " on the topic (kafka-configs.sh --alter --entity-type topics --entity-name "
					+ spec.name() + " --add-config " + name + "=" + required + ")");
		}
	}

	private <T> T await(KafkaFuture<T> future, String action) {
		try {
			return future.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw new IllegalStateException("Could not " + action + ": " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(
					"Could not " + action + ": no answer from Kafka at " + this.brokers + " within " + this.timeout
							+ " (replication.startup-timeout); check spring.kafka.bootstrap-servers");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while trying to " + action, ex);
		}
	}

}
