package io.replication;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import io.replication.autoconfigure.ReplicationAutoConfiguration;
import io.replication.testapp.Accounts;
import io.replication.testapp.Counters;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong configuration fails at startup with a message that says what to change.
 */
class StartupFailureIntegrationTests {

	private static final String PARTITION_PER_REPLICA = "replication.topology=partition-per-replica";

	private static final String TRANSACTIONAL = "replication.write-mode=transactional";

	private final String prefix = "startup-" + UUID.randomUUID().toString().substring(0, 8) + ".";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				ReplicationAutoConfiguration.class))
		.withPropertyValues("spring.kafka.bootstrap-servers=" + Instances.bootstrapServers(),
				"replication.topic-prefix=" + this.prefix, "replication.startup-timeout=10s");

	@Test
	void startupFailsWhenTwoCommandsShareAName() {
		assertStartupFails(DuplicateNames.class, "share the command name 'same': command names must be unique");
	}

	@Test
	void startupFailsWhenOverloadsHaveNoNames() {
		assertStartupFails(Overloads.class, "Overloaded @ReplicatedWrite methods",
				"give each its own name with @ReplicatedWrite(name = \"...\")");
	}

	@Test
	void startupFailsWhenACommandIsFinal() {
		assertStartupFails(FinalCommand.class, "@ReplicatedWrite method " + FinalCommand.class.getName()
				+ ".set must be public, not static and not final");
	}

	@Test
	void startupFailsWhenAKeyIsNoExpression() {
		assertStartupFails(BadKey.class, BadKey.class.getName() + ".set: key '#p0 +' is not a valid SpEL expression");
	}

	@Test
	void startupFailsWhenAStateHasNoCommands() {
		assertStartupFails(NoCommands.class, "declares no @ReplicatedWrite method");
	}

	@Test
	void startupFailsWhenAStateNameIsNoLegalTopicName() {
		assertStartupFails(IllegalName.class,
				"State name 'my state' of " + IllegalName.class.getName() + " is not a legal topic name");
	}

	@Test
	void startupFailsWhenPropertiesNameAnUnknownState() {
		assertStartupFails(Ledger.class, List.of("replication.states.ledgr.partitions=2"),
				"replication.states.ledgr configures no @ReplicatedState bean; known states: [ledger]");
	}

	@Test
	void startupFailsWhenAPartitionedStateHasCommandsWithoutKey() {
		assertStartupFails(Ledger.class, List.of("replication.states.ledger.partitions=2"),
				"State 'ledger' has 2 partitions, so @ReplicatedWrite method Ledger.deposit needs a key expression");
	}

	@Test
	void startupFailsWhenTopicRetentionIsFinite() throws Exception {
		createTopic("ledger", 1, Map.of("retention.ms", "604800000"));
		assertStartupFails(Ledger.class, List.of(), "Topic '" + this.prefix + "ledger' of state 'ledger' has "
				+ "retention.ms=604800000, which would delete commands the state is rebuilt from: set retention.ms=-1");
	}

	@Test
	void startupFailsWhenTopicIsCompacted() throws Exception {
		createTopic("ledger", 1, Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "compact"));
		assertStartupFails(Ledger.class, List.of(), "has cleanup.policy=compact");
	}

	@Test
	void startupFailsWhenApplyThreadsOutnumberPartitions() {
		assertStartupFails(Counters.class,
				List.of("replication.states.counters.partitions=3", "replication.states.counters.apply-threads=4"),
				"replication.states.counters.apply-threads=4 is not between 1 and the 3 partition(s) this instance "
						+ "applies: each thread applies whole partitions");
	}

	@Test
	void startupFailsWhenTopicPartitionsDifferFromConfiguration() throws Exception {
		createTopic("ledger", 3, Map.of("retention.ms", "-1", "retention.bytes", "-1"));
		assertStartupFails(Ledger.class, List.of(), "Topic '" + this.prefix
				+ "ledger' has 3 partition(s), but state 'ledger' is configured with 1: set replication.states.ledger.partitions=3");
	}

	@Test
	void startupFailsWhenAKeyedStatesTopicHasPartitionsAddedToIt() throws Exception {
		createTopic("counters", 6, Map.of("retention.ms", "-1", "retention.bytes", "-1"));
		assertStartupFails(Counters.class, List.of("replication.states.counters.partitions=3"),
				"Topic '" + this.prefix + "counters' has 6 partition(s), but state 'counters' is configured with 3. "
						+ "Its commands go to partitions by key",
				"Set replication.states.counters.partitions=6 only if the topic held no command when its partitions "
						+ "changed; else move the state to a new topic");
	}

	@Test
	void startupSucceedsOnAnExistingTopicWithUnlimitedRetention() throws Exception {
		createTopic("ledger", 1, Map.of("retention.ms", "-1", "retention.bytes", "-1"));
		this.runner.withUserConfiguration(Ledger.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void startupFailsWhenNoBrokerAnswers() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.runner.withUserConfiguration(Ledger.class)
			.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:" + port, "replication.startup-timeout=2s")
			.run((context) -> assertThat(rootMessage(context.getStartupFailure()))
				.contains("no answer from Kafka at [127.0.0.1:" + port + "] within PT2S (replication.startup-timeout)")
				.contains("check spring.kafka.bootstrap-servers"));
	}

	@Test
	void startupFailsWhenTheSnapshotTopicHasAnotherPartitionCount() throws Exception {
		createTopic("accounts.snapshots", 3, Map.of("cleanup.policy", "compact"));
		assertStartupFails(Accounts.class, List.of(), "Snapshot topic '" + this.prefix
				+ "accounts.snapshots' of state 'accounts' has 3 partition(s); it needs 2 (manifests, chunks)");
	}

	@Test
	void startupFailsWhenTheSnapshotTopicIsNotCompacted() throws Exception {
		createTopic("accounts.snapshots", 2, Map.of("cleanup.policy", "delete"));
		assertStartupFails(Accounts.class, List.of(),
				"Snapshot topic '" + this.prefix + "accounts.snapshots' of state 'accounts' has cleanup.policy=delete",
				"set cleanup.policy=compact");
	}

	@Test
	void startupFailsWhenSnapshotChunksWouldNotFitARequest() {
		assertStartupFails(Accounts.class, List.of("replication.snapshot.chunk-size=2MB"),
				"replication.snapshot.chunk-size=2097152 makes chunk records larger than the producer's "
						+ "max.request.size allows");
	}

	@Test
	void startupFailsWhenInstanceIdIsIllegal() {
		assertStartupFails(Ledger.class, List.of("replication.instance-id=a b"),
				"replication.instance-id 'a b' is not legal");
	}

	@Test
	void partitionPerReplicaStartupFailsWhenThisInstanceIsNotInTheReplicaSet() {
		assertStartupFails(Ledger.class,
				List.of(PARTITION_PER_REPLICA, TRANSACTIONAL, "replication.instance-id=d",
						"replication.replicas=a,b,c"),
				"this instance's id 'd' is not in its replica set [a, b, c]: set replication.instance-id to one of them, "
						+ "or add it to replication.replicas");
	}

	@Test
	void partitionPerReplicaStartupFailsWithoutAReplicaSet() {
		assertStartupFails(Ledger.class, List.of(PARTITION_PER_REPLICA, TRANSACTIONAL, "replication.instance-id=a"),
				"which needs its replica set: set replication.replicas");
	}

	@Test
	void partitionPerReplicaStartupFailsWhenTheReplicaSetNamesAnInstanceTwice() {
		assertStartupFails(Ledger.class,
				List.of(PARTITION_PER_REPLICA, TRANSACTIONAL, "replication.instance-id=a",
						"replication.replicas=a,b,a"),
				"its replica set [a, b, a] names 'a' twice: each replica owns one partition");
	}

	@Test
	void partitionPerReplicaStartupFailsWhenTheLogIsTrimmed() {
		assertStartupFails(Accounts.class,
				List.of(PARTITION_PER_REPLICA, TRANSACTIONAL, "replication.instance-id=a", "replication.replicas=a,b",
						"replication.snapshot.trim-log=true"),
				"whose replicas added later rebuild from the whole of partition 0: set replication.snapshot.trim-log=false");
	}

	@Test
	void partitionPerReplicaStartupFailsInTheIdempotentWriteMode() {
		assertStartupFails(Ledger.class,
				List.of(PARTITION_PER_REPLICA, "replication.instance-id=a", "replication.replicas=a,b,c"),
				"sends each write to every replica's partition in one Kafka transaction: set "
						+ "replication.write-mode=transactional",
				"not idempotent");
	}

	@Test
	void partitionPerReplicaStartupFailsWhenConfiguredPartitionsDifferFromTheReplicas() {
		assertStartupFails(Ledger.class,
				List.of(PARTITION_PER_REPLICA, TRANSACTIONAL, "replication.instance-id=a", "replication.replicas=a,b,c",
						"replication.states.ledger.partitions=2"),
				"with 3 replicas [a, b, c], so its topic has one partition per replica, but 2 partitions are configured");
	}

	@Test
	void partitionPerReplicaStartupAddsThePartitionsOfNewReplicas() throws Exception {
		createTopic("ledger", 2, Map.of("retention.ms", "-1", "retention.bytes", "-1"));
		this.runner.withUserConfiguration(Ledger.class)
			.withPropertyValues(PARTITION_PER_REPLICA, TRANSACTIONAL, "replication.instance-id=c",
					"replication.replicas=a,b,c")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (Admin admin = Admin
					.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
					assertThat(admin.describeTopics(List.of(this.prefix + "ledger"))
						.allTopicNames()
						.get()
						.get(this.prefix + "ledger")
						.partitions()).hasSize(3);
				}
			});
	}

	@Test
	void partitionPerReplicaStartupFailsWhenTheTopicHasMorePartitionsThanReplicas() throws Exception {
		createTopic("ledger", 4, Map.of("retention.ms", "-1", "retention.bytes", "-1"));
		assertStartupFails(Ledger.class,
				List.of(PARTITION_PER_REPLICA, TRANSACTIONAL, "replication.instance-id=a",
						"replication.replicas=a,b,c"),
				"has 4 partition(s)", "name 4 replicas in replication.replicas, one per partition in order");
	}

	private void assertStartupFails(Class<?> state, String... messages) {
		assertStartupFails(state, List.of(), messages);
	}

	private void assertStartupFails(Class<?> state, List<String> properties, String... messages) {
		this.runner.withUserConfiguration(state)
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> {
				assertThat(context).hasFailed();
				String message = rootMessage(context.getStartupFailure());
				for (String expected : messages) {
					assertThat(message).contains(expected);
				}
			});
	}

	private static String rootMessage(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private void createTopic(String state, int partitions, Map<String, String> configs) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
			admin
				.createTopics(List
					.of(new NewTopic(this.prefix + state, Optional.of(partitions), Optional.empty()).configs(configs)))
				.all()
				.get();
		}
	}

	@ReplicatedState
	static class DuplicateNames {

		@ReplicatedWrite("same")
		public void one(int value) {
		}

		@ReplicatedWrite("same")
		public void two(int value) {
		}

	}

	@ReplicatedState
	static class Overloads {

		@ReplicatedWrite
		public void set(int value) {
		}

		@ReplicatedWrite
		public void set(String value) {
		}

	}

	@ReplicatedState
	static class FinalCommand {

		@ReplicatedWrite
		public final void set(int value) {
		}

	}

	@ReplicatedState
	static class BadKey {

		@ReplicatedWrite(key = "#p0 +")
		public void set(int value) {
		}

	}

	@ReplicatedState
	static class NoCommands {

		public void set(int value) {
		}

	}

	@ReplicatedState("my state")
	static class IllegalName {

		@ReplicatedWrite
		public void set(int value) {
		}

	}

}
