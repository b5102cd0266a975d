package io.replication.sample.crash;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.replication.sample.LedgerClient;
import io.replication.sample.crash.BankLoad.Write;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee: an instance killed with {@code kill -9} while it writes a snapshot leaves
 * the previous snapshot usable: it restarts from that one, and its state is the same as
 * that of an instance that replayed the whole log.
 */
@Tag("crash")
class SnapshotCrashTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	private static final Pattern RESTORED = Pattern
		.compile("Restored state 'ledger' from the snapshot taken by '([^']+)' at \\{0=(\\d+)}");

	private static final int ATTEMPTS = 8;

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void killedWhileWritingASnapshotRestartsFromThePreviousOne() throws Exception {
		String prefix = "snapshot-crash-" + System.nanoTime() + ".";
		String snapshots = prefix + "ledger.snapshots";
		// Small chunks, so that storing a snapshot takes hundreds of records: time to
		// catch it halfway.
		try (SampleInstance one = SampleInstance.of("node-1", "node-1", BROKERS, prefix, this.directory,
				"replication.snapshot.every-commands=400", "replication.snapshot.chunk-size=1KB",
				"replication.snapshot.trim-log=false", "logging.level.io.replication.kafka.SnapshotWriter=debug");
				SampleInstance two = SampleInstance.of("node-2", "node-2", BROKERS, prefix, this.directory,
						"replication.snapshot.enabled=false")) {
			SampleInstance.startAll(one, two);
			List<LedgerClient> clients = List.of(one.client(), two.client());
			Bank bank = Bank.open(clients, 6);
			BankLoad load = bank.load();
			load.start(two.client(), 4);

			Partial partial = null;
			int attempts = 0;
			while (partial == null && attempts < ATTEMPTS) {
				attempts++;
				awaitSnapshotBeingWritten(one);
				// Frozen where it is: nothing it does from here on reaches Kafka.
				one.pause();
				partial = partialSnapshot(snapshots);
				one.kill();
				one.start().awaitReady();
			}
			assertThat(partial).as("a kill while a snapshot was being written, in %d attempts", ATTEMPTS).isNotNull();
			String log = Files.readString(one.logFile());
			Matcher restored = RESTORED.matcher(log.substring(log.lastIndexOf("Starting SampleApplication")));
			assertThat(restored.find()).as("node-1 restarted from a snapshot; see %s", one.logFile()).isTrue();
			assertThat(Long.parseLong(restored.group(2))).isEqualTo(partial.previousPosition());

			load.awaitMore(200, Write::acknowledged);
			List<Write> writes = load.stop();
			BankAudit audit = bank.audit();
			Duration converged = audit.awaitConvergence(clients);
			audit.assertExact("kill -9 while writing a snapshot", clients, writes);
			CrashReport.print("kill -9 while writing a snapshot",
					"snapshot " + partial.snapshotId() + " left " + partial.chunks()
							+ " chunk(s) without a manifest (attempt " + attempts
							+ "); node-1 restarted from the previous one at offset " + partial.previousPosition()
							+ "; both instances equal " + converged.toMillis() + " ms after the load");
		}
	}

	// Follows the instance's log until it says it begins writing a snapshot.
	private static void awaitSnapshotBeingWritten(SampleInstance instance) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		try (RandomAccessFile log = new RandomAccessFile(instance.logFile().toFile(), "r")) {
			log.seek(log.length());
			StringBuilder line = new StringBuilder();
			while (System.nanoTime() < deadline) {
				int read = log.read();
				if (read < 0) {
					Thread.sleep(1);
					continue;
				}
				if (read != '\n') {
					line.append((char) read);
					continue;
				}
				if (line.indexOf("Writing snapshot") >= 0) {
					return;
				}
				line.setLength(0);
			}
		}
		throw new IllegalStateException("node-1 began no snapshot in 120 s; see " + instance.logFile());
	}

	/**
	 * The chunks of a snapshot that no manifest names, if there are any, and the position
	 * of the newest complete snapshot.
	 */
	private static Partial partialSnapshot(String topic) {
		Set<UUID> complete = new HashSet<>();
		long previous = -1;
		for (ConsumerRecord<String, byte[]> manifest : readAll(topic, 0)) {
			Map<?, ?> value = JsonMapper.shared().readValue(manifest.value(), Map.class);
			complete.add(UUID.fromString((String) value.get("snapshotId")));
			long position = ((Number) ((Map<?, ?>) value.get("position")).get("0")).longValue();
			previous = Math.max(previous, position);
		}
		Map<UUID, Integer> unfinished = new java.util.HashMap<>();
		for (ConsumerRecord<String, byte[]> chunk : readAll(topic, 1)) {
			if (chunk.value() == null) {
				continue;
			}
			ByteBuffer header = ByteBuffer.wrap(chunk.value(), 1, 16);
			UUID id = new UUID(header.getLong(), header.getLong());
			if (!complete.contains(id)) {
				unfinished.merge(id, 1, Integer::sum);
			}
		}
		if (unfinished.isEmpty() || previous < 0) {
			return null;
		}
		Map.Entry<UUID, Integer> partial = unfinished.entrySet().iterator().next();
		return new Partial(partial.getKey(), partial.getValue(), previous);
	}

	private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int partition) {
		Map<String, Object> properties = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKERS);
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

	private record Partial(UUID snapshotId, int chunks, long previousPosition) {

	}

}
