package io.replication.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw Kafka in the shape of the write benchmarks, with no starter: one producer with the
 * settings of the starter's {@code idempotent} write mode, and readers in this JVM that
 * each read every record, as the writer and the two appliers do. A write is done once the
 * first reader, the writer's own, has read it; the others read on. Nothing is decoded or
 * applied, so what this costs on these cores bounds what the starter can do in the same
 * shape: its writes/s from above, its bytes allocated per write from below.
 */
final class RawReplicasBenchmark implements AutoCloseable {

	// The starter's producers' batch bound, so that this stays the floor of its shape.
	private static final int STARTER_BATCH_SIZE = 256 * 1024;

	private final String topic;

	private final KafkaProducer<byte[], byte[]> producer;

	private final ReadWaiters waiters = new ReadWaiters();

	private final AtomicBoolean closed = new AtomicBoolean();

	private final List<KafkaConsumer<byte[], byte[]>> consumers = new ArrayList<>();

	private final List<Thread> readers = new ArrayList<>();

	private RawReplicasBenchmark(String bootstrapServers, String topic) {
		this.topic = topic;
		Map<String, Object> configs = new HashMap<>();
		configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		configs.put(ProducerConfig.BATCH_SIZE_CONFIG, STARTER_BATCH_SIZE);
		this.producer = new KafkaProducer<>(configs, new ByteArraySerializer(), new ByteArraySerializer());
	}

	/**
	 * Start a producer and readers on a new topic of one partition.
	 * @param bootstrapServers the broker
	 * @param readerCount how many readers: three for the write benchmarks' instances
	 * @return the writer, once every reader waits at the end of the topic
	 */
	static RawReplicasBenchmark start(String bootstrapServers, int readerCount) throws Exception {
		RawReplicasBenchmark replicas = new RawReplicasBenchmark(bootstrapServers,
				BenchmarkTopics.create(bootstrapServers, "raw-replicas"));
		CountDownLatch positioned = new CountDownLatch(readerCount);
		for (int i = 0; i < readerCount; i++) {
			replicas.startReader(bootstrapServers, i, positioned);
		}
		positioned.await();
		return replicas;
	}

	private void startReader(String bootstrapServers, int index, CountDownLatch positioned) {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		configs.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(configs, new ByteArrayDeserializer(),
				new ByteArrayDeserializer());
		this.consumers.add(consumer);
		TopicPartition partition = new TopicPartition(this.topic, 0);
		boolean writersOwn = index == 0;
		Thread reader = new Thread(() -> {
			consumer.assign(List.of(partition));
			consumer.seekToEnd(List.of(partition));
			consumer.position(partition);
			positioned.countDown();
			try {
				while (!this.closed.get()) {
					ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
					if (writersOwn && !records.isEmpty()) {
						this.waiters.readUpTo(consumer.position(partition));
					}
				}
			}
			catch (WakeupException ex) {
				// Closing.
			}
			finally {
				consumer.close();
			}
		}, "raw-reader-" + index);
		reader.setDaemon(true);
		this.readers.add(reader);
		reader.start();
	}

	/**
	 * Send a payload.
	 * @param payload the payload
	 * @return completes once the writer's reader has read it
	 */
	CompletableFuture<Long> write(String payload) {
		CompletableFuture<Long> read = new CompletableFuture<>();
		this.producer.send(new ProducerRecord<>(this.topic, payload.getBytes(StandardCharsets.UTF_8)),
				(metadata, failure) -> {
					if (failure != null) {
						read.completeExceptionally(failure);
					}
					else {
						this.waiters.whenRead(metadata.offset(), read);
					}
				});
		return read;
	}

	/**
	 * Send a payload and wait until the writer's reader has read it.
	 * @param payload the payload
	 */
	void writeAndWait(String payload) {
		write(payload).join();
	}

	@Override
	public void close() throws InterruptedException {
		this.closed.set(true);
		this.consumers.forEach(KafkaConsumer::wakeup);
		for (Thread reader : this.readers) {
			reader.join();
		}
		this.producer.close();
	}

}
