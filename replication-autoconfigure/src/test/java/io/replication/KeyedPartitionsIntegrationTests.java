package io.replication;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.replication.testapp.Counters;
import io.replication.testapp.CountersApplication;
import io.replication.testapp.Instances;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A keyed state of several partitions, one applying consumer each: a partition that moves
 * between consumers is applied once, and partitions added to the topic of a running state
 * move no key.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyedPartitionsIntegrationTests {

	private static final String THREE = "replication.states.counters.partitions=3";

	private final Instances instances = new Instances();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.callers.shutdownNow();
		this.instances.close();
	}

	@Test
	void aPartitionTakenFromAConsumerStuckInAnApplyGoesOnAfterThatApplyAndNothingIsAppliedTwice() throws Exception {
		// A consumer that does not poll for 4 s leaves the group 6 s later, and its
		// partition moves to a sibling while its apply still runs.
		ConfigurableApplicationContext a = this.instances.start(CountersApplication.class, "a", THREE,
				"spring.kafka.consumer.properties.max.poll.interval.ms=4000",
				"spring.kafka.consumer.properties.session.timeout.ms=6000",
				"spring.kafka.consumer.properties.heartbeat.interval.ms=1000", "replication.write-timeout=90s",
				// A snapshot due meanwhile would hold every partition's batches back.
				"replication.snapshot.enabled=false");
		Counters counters = a.getBean(Counters.class);
		counters.increment("slow");
		int partition = partitionOf("slow");
		String group = this.instances.topicPrefix() + "counters.a";
		// Once the group is settled, one consumer per partition.
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> assignments(group), (assignments) -> assignments.size() == 3
					&& assignments.values().stream().allMatch((partitions) -> partitions.size() == 1));
		String stuck = ownerOf(group, partition);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		counters.holdNextIncrement("slow", entered, release);
		List<Future<?>> calls = new ArrayList<>();
		calls.add(this.callers.submit(() -> counters.increment("slow")));
		assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
		// Commands behind the stuck one, some fetched with it.
		for (int i = 0; i < 5; i++) {
			calls.add(this.callers.submit(() -> counters.increment("slow")));
		}
		await().atMost(Duration.ofSeconds(45))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> ownerOf(group, partition), (owner) -> owner != null && !owner.equals(stuck));
		// The new owner has time to read the stuck command again before it ends.
		Thread.sleep(2000);
		release.countDown();
		for (Future<?> call : calls) {
			call.get(60, TimeUnit.SECONDS);
		}
		assertThat(counters.counts()).containsEntry("slow", 7L);
		assertThat(counters.appliedSinceStart()).isEqualTo(7);
	}

	@Test
	void oneApplyThreadAppliesEveryPartitionInEachKeysOrderOnEveryInstance() throws Exception {
		String oneThread = "replication.states.counters.apply-threads=1";
		ConfigurableApplicationContext a = this.instances.start(CountersApplication.class, "a", THREE, oneThread);
		ConfigurableApplicationContext b = this.instances.start(CountersApplication.class, "b", THREE, oneThread,
				"replication.role=replica");
		Counters counters = a.getBean(Counters.class);
		List<String> names = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
		assertThat(names.stream().map(KeyedPartitionsIntegrationTests::partitionOf)).contains(0, 1, 2);
		for (long round = 1; round <= 5; round++) {
			for (String name : names) {
				// Each key's commands are applied in the order they were written.
				assertThat(counters.increment(name)).as(name).isEqualTo(round);
			}
		}
		Counters replica = b.getBean(Counters.class);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> names.forEach((name) -> assertThat(replica.counts()).containsEntry(name, 5L)));
		for (String instance : List.of("a", "b")) {
			Map<String, Set<TopicPartition>> assignments = assignments(
					this.instances.topicPrefix() + "counters." + instance);
			assertThat(assignments).as(instance).hasSize(1);
			assertThat(assignments.values().iterator().next()).as(instance).hasSize(3);
		}
	}

	@Test
	void partitionsAddedToTheTopicOfARunningKeyedStateMoveNoKey(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext a = this.instances.start(CountersApplication.class, "a", THREE,
				"spring.kafka.producer.properties.metadata.max.age.ms=500",
				"spring.kafka.consumer.properties.metadata.max.age.ms=500");
		Counters counters = a.getBean(Counters.class);
		List<String> names = List.of("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
		names.forEach(counters::increment);
		try (Admin admin = admin()) {
			admin.createPartitions(Map.of(this.instances.topicPrefix() + "counters", NewPartitions.increaseTo(6)))
				.all()
				.get();
		}
		// Writes go on while the producer and the consumers learn of the new partitions.
		long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
		int rounds = 1;
		while (System.nanoTime() < deadline) {
			names.forEach(counters::increment);
			rounds++;
		}
		Map<String, Set<Integer>> partitions = partitionsByKey();
		for (String name : names) {
			assertThat(partitions.get(name)).as(name).containsExactly(partitionOf(name));
			assertThat(counters.counts()).containsEntry(name, (long) rounds);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output).contains(
					"beyond the 3 it is configured with. They are not used: " + "every key stays on its partition"));
	}

	// Where keys went before any partition was added: Kafka's default for keyed records.
	private static int partitionOf(String key) {
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 3;
	}

	private static Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()));
	}

	// The static member id of the consumer assigned a partition, if any.
	private @Nullable String ownerOf(String group, int partition) throws Exception {
		TopicPartition wanted = new TopicPartition(this.instances.topicPrefix() + "counters", partition);
		return assignments(group).entrySet()
			.stream()
			.filter((member) -> member.getValue().contains(wanted))
			.map(Map.Entry::getKey)
			.findFirst()
			.orElse(null);
	}

	// The partitions of each member of a group, by static member id.
	private static Map<String, Set<TopicPartition>> assignments(String group) throws Exception {
		try (Admin admin = admin()) {
			ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
			Map<String, Set<TopicPartition>> assignments = new HashMap<>();
			for (MemberDescription member : description.members()) {
				assignments.put(member.groupInstanceId().orElse(member.consumerId()),
						member.assignment().topicPartitions());
			}
			return assignments;
		}
	}

	private Map<String, Set<Integer>> partitionsByKey() {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers());
		properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		Map<String, Set<Integer>> partitions = new HashMap<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> all = new ArrayList<>();
			for (int partition = 0; partition < 6; partition++) {
				all.add(new TopicPartition(this.instances.topicPrefix() + "counters", partition));
			}
			consumer.assign(all);
			consumer.seekToBeginning(all);
			Map<TopicPartition, Long> ends = consumer.endOffsets(all);
			while (all.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					partitions.computeIfAbsent(record.key(), (key) -> new TreeSet<>()).add(record.partition());
				}
			}
		}
		return partitions;
	}

}
