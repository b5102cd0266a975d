package io.replication;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.replication.kafka.KafkaReplication;
import io.replication.status.ReplicaStatus;
import io.replication.status.SnapshotStatus;
import io.replication.status.StateStatus;
import io.replication.testapp.Accounts;
import io.replication.testapp.AccountsApplication;
import io.replication.testapp.Counters;
import io.replication.testapp.CountersApplication;
import io.replication.testapp.Instances;
import io.replication.testapp.Tallies;
import io.replication.testapp.TalliesApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots of a state, taken, stored and restored through a real broker.
 */
class SnapshotIntegrationTests {

	private static final String OFTEN = "replication.snapshot.every-commands=100";

	private static final String ANY_TIME = "replication.snapshot.min-interval=0s";

	private static final String TRIM = "replication.snapshot.trim-log=true";

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void restartRestoresTheNewestSnapshotAndReplaysOnlyTheCommandsAfterIt() {
		Set<String> producersBefore = producerThreads();
		ConfigurableApplicationContext first = start("a", OFTEN, ANY_TIME);
		deposits(accounts(first), 250);
		SnapshotStatus stored = awaitSnapshot(first, 200);
		assertThat(stored.restored()).isFalse();
		assertThat(stored.takenBy()).isEqualTo("a");
		assertThat(stored.sizeBytes()).isPositive();
		String digest = accounts(first).digest();
		first.close();
		// Every producer it opened, the snapshots' included, is closed with it.
		await().atMost(Duration.ofSeconds(10)).until(() -> producersBefore.containsAll(producerThreads()));

		ConfigurableApplicationContext restarted = start("a", OFTEN, ANY_TIME);
		awaitLive(restarted);
		Accounts accounts = accounts(restarted);
		assertThat(accounts.digest()).isEqualTo(digest);
		assertThat(accounts.appliedSinceStart()).isEqualTo(250 - stored.position().get(0));
		SnapshotStatus restored = status(restarted).snapshot();
		assertThat(restored).isNotNull();
		assertThat(restored.restored()).isTrue();
		assertThat(restored.position()).isEqualTo(stored.position());
		MeterRegistry registry = restarted.getBean(MeterRegistry.class);
		assertThat(registry.get("replication.snapshot.duration").tag("operation", "restore").timer().count())
			.isEqualTo(1);
		deposits(accounts, 100);
		awaitSnapshot(restarted, 300);
		assertThat(registry.get("replication.snapshot.duration").tag("operation", "write").timer().count())
			.isEqualTo(1);
		assertThat(registry.get("replication.snapshot.size").summary().totalAmount()).isPositive();
		digest = accounts.digest();

		// The whole log, replayed by an instance without snapshots, gives the same state.
		ConfigurableApplicationContext replayed = start("b", "replication.snapshot.enabled=false");
		awaitLive(replayed);
		assertThat(accounts(replayed).appliedSinceStart()).isEqualTo(350);
		assertThat(accounts(replayed).digest()).isEqualTo(digest);
		assertThat(status(replayed).snapshot()).isNull();
	}

	@Test
	void restartAfterTheLogIsTrimmedRebuildsTheDigestOfAFullReplay() throws Exception {
		ConfigurableApplicationContext a = start("a", OFTEN, ANY_TIME, TRIM);
		ConfigurableApplicationContext b = start("b", OFTEN, ANY_TIME, TRIM);
		deposits(accounts(a), 150);
		awaitSnapshot(a, 100);
		awaitSnapshot(b, 100);
		deposits(accounts(b), 150);
		deposits(accounts(a), 100);
		awaitSnapshot(a, 300);
		awaitSnapshot(b, 300);
		String topic = this.instances.topicPrefix() + "accounts";
		// Each snapshot trims what the older of each one's two newest snapshots covers
		// (at least the first, at 100 or later): the log no longer starts at 0.
		await().atMost(Duration.ofSeconds(30)).until(() -> logStart(topic) >= 100);
		String fullReplay = accounts(a).digest();
		b.close();
		deposits(accounts(a), 20);
		String digest = accounts(a).digest();

		ConfigurableApplicationContext restarted = start("b", OFTEN, ANY_TIME, TRIM);
		awaitLive(restarted);
		await().atMost(Duration.ofSeconds(20)).until(() -> accounts(restarted).digest().equals(digest));
		assertThat(accounts(restarted).appliedSinceStart()).isLessThan(420 - 300 + 1);
		assertThat(fullReplay).isNotEqualTo(digest);

		// A new replica starts from the newest snapshot of any instance.
		ConfigurableApplicationContext joined = start("c", OFTEN, ANY_TIME, TRIM);
		awaitLive(joined);
		await().atMost(Duration.ofSeconds(20)).until(() -> accounts(joined).digest().equals(digest));

		// Without snapshots, the trimmed log cannot rebuild the state: it halts, saying
		// so.
		ConfigurableApplicationContext without = start("d", "replication.snapshot.enabled=false");
		StateStatus halted = status(without);
		assertThat(halted.status()).isEqualTo(ReplicaStatus.HALTED);
		assertThat(Objects.requireNonNull(halted.halt()).reason()).contains("starts at offset")
			.contains("needs offset 0 next")
			.contains("not Snapshottable");
		assertThat(accounts(without).appliedSinceStart()).isZero();
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void logIsNeverTrimmedPastSnapshotsThatDoNotReadBack(CapturedOutput output) throws Exception {
		ConfigurableApplicationContext a = this.instances.start(TalliesApplication.class, "a", OFTEN, ANY_TIME, TRIM);
		ConfigurableApplicationContext b = this.instances.start(TalliesApplication.class, "b", OFTEN, ANY_TIME, TRIM);
		Tallies tallies = a.getBean(Tallies.class);
		for (int i = 0; i < 350; i++) {
			tallies.count("name-" + (i % 7));
		}
		// Each instance tries a snapshot at 100, 200 and 300 commands: none reads back.
		await().atMost(Duration.ofSeconds(60))
			.until(() -> refusedSnapshots(output, "a") >= 3 && refusedSnapshots(output, "b") >= 3);
		assertThat(output.getOut()).contains("Cannot construct instance of `io.replication.testapp.Tallies$Tally`");
		assertThat(logStart(this.instances.topicPrefix() + "tallies")).isZero();
		assertThat(Objects.requireNonNull(a.getBean(KafkaReplication.class).status("tallies")).snapshot()).isNull();

		// So an instance started now still rebuilds the state from the whole log.
		ConfigurableApplicationContext c = this.instances.start(TalliesApplication.class, "c", OFTEN, ANY_TIME, TRIM);
		await().atMost(Duration.ofSeconds(30)).until(() -> c.getBean(Tallies.class).counts().equals(tallies.counts()));
		assertThat(c.getBean(Tallies.class).counts()).containsEntry("name-0", 50L);
	}

	private static long refusedSnapshots(CapturedOutput output, String instanceId) {
		String refused = "Snapshot of state 'tallies' taken by '" + instanceId + "' at ";
		return output.getOut().lines().filter((line) -> line.contains(refused)).count();
	}

	/**
	 * A replica behind the others while they trim the log past where it stands: it
	 * restores their newer snapshot and reads on after it, rather than halt.
	 */
	@Test
	void replicaLeftBehindByTrimmingRestoresANewerSnapshotAndReadsOn() throws Exception {
		ConfigurableApplicationContext a = start("a", OFTEN, ANY_TIME);
		ConfigurableApplicationContext b = start("b");
		deposits(accounts(a), 10);
		await().atMost(Duration.ofSeconds(20)).until(() -> accounts(b).appliedSinceStart() == 10);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		accounts(b).holdNextDeposit(entered, release);
		accounts(a).deposit("account-0", 1);
		assertThat(entered.await(20, TimeUnit.SECONDS)).isTrue();
		// b is stuck in offset 10; a goes on, snapshots, and the log loses what b needs.
		deposits(accounts(a), 250);
		SnapshotStatus snapshot = awaitSnapshot(a, 200);
		long trimmedTo = snapshot.position().get(0);
		deleteRecordsBefore(this.instances.topicPrefix() + "accounts", trimmedTo);
		release.countDown();

		await().atMost(Duration.ofSeconds(30)).until(() -> accounts(b).digest().equals(accounts(a).digest()));
		StateStatus status = status(b);
		assertThat(status.halt()).isNull();
		assertThat(Objects.requireNonNull(status.snapshot()).restored()).isTrue();
		assertThat(Objects.requireNonNull(status.snapshot()).takenBy()).isEqualTo("a");
		// Nothing b applied twice: what it applied itself and what the snapshot covers
		// add
		// up to the log.
		assertThat(accounts(b).appliedSinceStart()).isLessThan(261);
	}

	@Test
	void corruptSnapshotIsDetectedAndTheNextNewestIsRestored() throws Exception {
		ConfigurableApplicationContext a = start("a", OFTEN, ANY_TIME);
		deposits(accounts(a), 150);
		SnapshotStatus stored = awaitSnapshot(a, 100);
		String digest = accounts(a).digest();
		// A snapshot claiming more of the log whose chunk does not hold what its
		// manifest says, as a damaged or half-replaced chunk would not.
		String snapshots = this.instances.topicPrefix() + "accounts.snapshots";
		ObjectNode forged = (ObjectNode) newestManifest(snapshots);
		try (KafkaProducer<String, byte[]> producer = producer()) {
			JsonNode chunk = forged.path("chunks").get(0);
			byte[] original = readChunk(snapshots, chunk.path("offset").asLong());
			byte[] damaged = original.clone();
			damaged[damaged.length - 1] ^= 0x01;
			long offset = producer.send(new ProducerRecord<>(snapshots, 1, "forger/0/0", damaged)).get().offset();
			forged.put("instanceId", "forger");
			forged.putObject("position").put("0", 140L);
			forged.withArray("chunks").removeAll();
			forged.withArray("chunks")
				.addObject()
				.put("offset", offset)
				.put("size", chunk.path("size").asInt())
				.put("crc", chunk.path("crc").asInt());
			producer.send(new ProducerRecord<>(snapshots, 0, "forger/0", JSON.writeValueAsBytes(forged))).get();
		}

		ConfigurableApplicationContext b = start("b", OFTEN, ANY_TIME);
		awaitLive(b);
		await().atMost(Duration.ofSeconds(20)).until(() -> accounts(b).digest().equals(digest));
		SnapshotStatus restored = Objects.requireNonNull(status(b).snapshot());
		assertThat(restored.takenBy()).isEqualTo("a");
		assertThat(restored.position()).isEqualTo(stored.position());
		assertThat(accounts(b).appliedSinceStart()).isEqualTo(150 - stored.position().get(0));
	}

	@Test
	void snapshotOfANewerFormatHaltsTheState() throws Exception {
		ConfigurableApplicationContext a = start("a", OFTEN, ANY_TIME);
		deposits(accounts(a), 120);
		awaitSnapshot(a, 100);
		String snapshots = this.instances.topicPrefix() + "accounts.snapshots";
		try (KafkaProducer<String, byte[]> producer = producer()) {
			producer
				.send(new ProducerRecord<>(snapshots, 0, "future/0",
						"{\"format\":99,\"layout\":\"unknown\"}".getBytes(StandardCharsets.UTF_8)))
				.get();
		}
		ConfigurableApplicationContext b = start("b", OFTEN, ANY_TIME);
		StateStatus status = status(b);
		assertThat(status.status()).isEqualTo(ReplicaStatus.HALTED);
		assertThat(Objects.requireNonNull(status.halt()).reason()).contains("snapshot format 99 is newer");
		assertThat(accounts(b).balances()).isEmpty();
	}

	@Test
	void stateOfHundredsOfMegabytesIsSnapshottedInChunksAndRestored() {
		int blobs = 10;
		int blobBytes = 20 * 1024 * 1024;
		ConfigurableApplicationContext a = start("a", "replication.snapshot.every-commands=" + blobs, ANY_TIME);
		for (int i = 0; i < blobs; i++) {
			accounts(a).putBlob("blob-" + i, blobBytes, i);
		}
		SnapshotStatus stored = awaitSnapshot(a, blobs);
		// Base64 in JSON: a third larger than the blobs.
		assertThat(stored.sizeBytes()).isGreaterThan((long) blobs * blobBytes);
		String digest = accounts(a).digest();

		ConfigurableApplicationContext b = start("b", "replication.snapshot.every-commands=" + blobs, ANY_TIME);
		awaitLive(b);
		assertThat(accounts(b).appliedSinceStart()).isZero();
		assertThat(accounts(b).digest()).isEqualTo(digest);
		assertThat(Objects.requireNonNull(status(b).snapshot()).sizeBytes()).isEqualTo(stored.sizeBytes());
	}

	@Test
	void stateOfSeveralPartitionsIsSnapshottedAtOnePointAcrossThemAndRestored() {
		String[] settings = { "replication.states.counters.partitions=3", OFTEN, ANY_TIME };
		ConfigurableApplicationContext a = this.instances.start(CountersApplication.class, "a", settings);
		Counters counters = a.getBean(Counters.class);
		List<String> names = List.of("red", "green", "blue", "cyan", "magenta", "yellow", "black");
		ExecutorService writers = Executors.newFixedThreadPool(names.size());
		try {
			List<Future<?>> done = new ArrayList<>();
			for (String name : names) {
				done.add(writers.submit(() -> IntStream.range(0, 60).forEach((i) -> counters.increment(name))));
			}
			for (Future<?> future : done) {
				assertThat(future).succeedsWithin(Duration.ofMinutes(1));
			}
		}
		finally {
			writers.shutdownNow();
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Objects.requireNonNull(a.getBean(KafkaReplication.class).status("counters")),
					(state) -> state.snapshot() != null && covered(state.snapshot()) >= 300);
		Map<String, Long> counts = counters.counts();
		KafkaReplication stopped = a.getBean(KafkaReplication.class);
		a.close();
		// The last snapshot stored before it stopped.
		SnapshotStatus last = Objects.requireNonNull(Objects.requireNonNull(stopped.status("counters")).snapshot());

		ConfigurableApplicationContext b = this.instances.start(CountersApplication.class, "b", settings[0]);
		Counters restored = b.getBean(Counters.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> restored.counts().equals(counts));
		// Each partition went on from where the snapshot covers it: nothing applied
		// twice,
		// nothing skipped.
		assertThat(restored.appliedSinceStart()).isEqualTo(names.size() * 60 - covered(last));
		SnapshotStatus loaded = Objects
			.requireNonNull(Objects.requireNonNull(b.getBean(KafkaReplication.class).status("counters")).snapshot());
		assertThat(loaded.restored()).isTrue();
		assertThat(loaded.position()).isEqualTo(last.position());
	}

	private static long covered(SnapshotStatus snapshot) {
		return snapshot.position().values().stream().mapToLong(Long::longValue).sum();
	}

	private static Set<String> producerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("kafka-producer-network-thread"))
			.collect(Collectors.toSet());
	}

	private ConfigurableApplicationContext start(String instanceId, String... properties) {
		return this.instances.start(AccountsApplication.class, instanceId, properties);
	}

	private static Accounts accounts(ConfigurableApplicationContext context) {
		return context.getBean(Accounts.class);
	}

	private static StateStatus status(ConfigurableApplicationContext context) {
		return Objects.requireNonNull(context.getBean(KafkaReplication.class).status("accounts"));
	}

	private static void deposits(Accounts accounts, int count) {
		for (int i = 0; i < count; i++) {
			accounts.deposit("account-" + (i % 7), i);
		}
	}

	private static SnapshotStatus awaitSnapshot(ConfigurableApplicationContext context, long covering) {
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> status(context).snapshot(),
					(snapshot) -> snapshot != null && !snapshot.restored() && snapshot.position().get(0) >= covering);
	}

	private static void awaitLive(ConfigurableApplicationContext context) {
		await().atMost(Duration.ofSeconds(60)).until(() -> status(context).status() == ReplicaStatus.LIVE);
	}

	private static long logStart(String topic) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
			TopicPartition partition = new TopicPartition(topic, 0);
			return admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).all().get().get(partition).offset();
		}
	}

	private static void deleteRecordsBefore(String topic, long offset) throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
			admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(offset)))
				.all()
				.get(10, TimeUnit.SECONDS);
		}
	}

	private static JsonNode newestManifest(String topic) {
		JsonNode newest = null;
		for (ConsumerRecord<String, byte[]> record : readAll(topic, 0)) {
			JsonNode manifest = JSON.readTree(record.value());
			if (newest == null
					|| manifest.path("position").path("0").asLong() > newest.path("position").path("0").asLong()) {
				newest = manifest;
			}
		}
		return Objects.requireNonNull(newest);
	}

	private static byte[] readChunk(String topic, long offset) {
		return readAll(topic, 1).stream()
			.filter((record) -> record.offset() == offset)
			.findFirst()
			.orElseThrow()
			.value();
	}

	private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int partition) {
		Properties properties = new Properties();
		properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers());
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			TopicPartition assigned = new TopicPartition(topic, partition);
			consumer.assign(List.of(assigned));
			consumer.seekToBeginning(List.of(assigned));
			long end = consumer.endOffsets(List.of(assigned)).get(assigned);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			while (consumer.position(assigned) < end) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	private static KafkaProducer<String, byte[]> producer() {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()),
				new StringSerializer(), new ByteArraySerializer());
	}

}
