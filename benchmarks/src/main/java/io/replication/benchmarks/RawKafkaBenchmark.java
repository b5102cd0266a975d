package io.replication.benchmarks;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Raw Kafka on the same broker, as the baseline of every other figure: what a
 * transactional producer and a read_committed consumer do with no starter in between.
 * Clients run with Kafka's defaults, except {@code linger.ms=0} for the one-record
 * latency (the starter sets the same: a commit flushes anyway).
 */
final class RawKafkaBenchmark {

	private static final Duration COMMIT_INTERVAL = Duration.ofMillis(10);

	private final String bootstrapServers;

	private final Duration warmup;

	private final Duration duration;

	RawKafkaBenchmark(String bootstrapServers, Duration warmup, Duration duration) {
		this.bootstrapServers = bootstrapServers;
		this.warmup = warmup;
		this.duration = duration;
	}

	/**
	 * Load the broker before anything is measured: a freshly started broker runs
	 * interpreted code for a while, and whatever ran first would pay for it. Half the
	 * time pipelined transactions, half one-record round trips.
	 * @param time how long to load it
	 */
	void warmUpBroker(Duration time) throws Exception {
		String topic = BenchmarkTopics.create(this.bootstrapServers, "raw-warmup");
		TopicPartition partition = new TopicPartition(topic, 0);
		byte[] value = Payloads.of(0).getBytes();
		try (KafkaProducer<byte[], byte[]> producer = transactionalProducer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
				KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			producer.initTransactions();
			produceFor(producer, topic, value, time.dividedBy(2));
			consumer.assign(List.of(partition));
			consumer.seekToEnd(List.of(partition));
			consumer.position(partition);
			roundTrips(producer, consumer, topic, value, new Latencies(), time.dividedBy(2));
		}
	}

	/**
	 * Produce in transactions committed every 10 ms, one thread, sends pipelined.
	 * @return records per second, and the topic and count for the consumer
	 */
	Produced pipelinedProducer() throws Exception {
		String topic = BenchmarkTopics.create(this.bootstrapServers, "raw-pipelined");
		byte[] value = Payloads.of(0).getBytes();
		try (KafkaProducer<byte[], byte[]> producer = transactionalProducer(Map.of())) {
			producer.initTransactions();
			produceFor(producer, topic, value, this.warmup);
			long start = System.nanoTime();
			long records = produceFor(producer, topic, value, this.duration);
			double seconds = (System.nanoTime() - start) / 1e9;
			return new Produced(topic, Result.rate("raw: transactional producer, commit every 10 ms", records / seconds,
					Map.of("records", records, "seconds", seconds)));
		}
	}

	private long produceFor(KafkaProducer<byte[], byte[]> producer, String topic, byte[] value, Duration time) {
		long end = System.nanoTime() + time.toNanos();
		long records = 0;
		while (System.nanoTime() < end) {
			producer.beginTransaction();
			long commitAt = System.nanoTime() + COMMIT_INTERVAL.toNanos();
			while (System.nanoTime() < commitAt) {
				producer.send(new ProducerRecord<>(topic, value));
				records++;
			}
			producer.commitTransaction();
		}
		return records;
	}

	/**
	 * Read everything the pipelined producer wrote, read_committed, from the beginning.
	 * @param produced the topic to read
	 * @return records per second
	 */
	Result readCommittedConsumer(Produced produced) {
		return readCommittedConsumer("raw: read_committed consumer", produced.topic());
	}

	/**
	 * Read a whole topic's first partition, read_committed, from the beginning.
	 * @param name what the result is called
	 * @param topic the topic to read
	 * @return records per second
	 */
	Result readCommittedConsumer(String name, String topic) {
		TopicPartition partition = new TopicPartition(topic, 0);
		try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			consumer.assign(List.of(partition));
			long end = consumer.endOffsets(List.of(partition)).get(partition);
			consumer.seekToBeginning(List.of(partition));
			long records = 0;
			long allocatedBefore = Allocations.byCurrentThread();
			long cpuBefore = ThreadCpu.byCurrentThread();
			long start = System.nanoTime();
			while (consumer.position(partition) < end) {
				records += consumer.poll(Duration.ofMillis(500)).count();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			long bytesPerRecord = (records > 0) ? (Allocations.byCurrentThread() - allocatedBefore) / records : 0;
			long cpuNanosPerRecord = (records > 0) ? (ThreadCpu.byCurrentThread() - cpuBefore) / records : 0;
			return Result.rate(name, records / seconds, Map.of("records", records, "seconds", seconds,
					"threadBytesPerRecord", bytesPerRecord, "threadCpuNanosPerRecord", cpuNanosPerRecord));
		}
	}

	/**
	 * One record at a time: begin, send, commit, then poll until a read_committed
	 * consumer has it.
	 * @return send+commit+consume latency
	 */
	Result oneRecordLatency() throws Exception {
		String topic = BenchmarkTopics.create(this.bootstrapServers, "raw-latency");
		TopicPartition partition = new TopicPartition(topic, 0);
		Latencies latencies = new Latencies();
		try (KafkaProducer<byte[], byte[]> producer = transactionalProducer(Map.of(ProducerConfig.LINGER_MS_CONFIG, 0));
				KafkaConsumer<byte[], byte[]> consumer = consumer()) {
			producer.initTransactions();
			consumer.assign(List.of(partition));
			consumer.seekToEnd(List.of(partition));
			consumer.position(partition);
			byte[] value = Payloads.of(0).getBytes();
			roundTrips(producer, consumer, topic, value, latencies, this.warmup);
			latencies.reset();
			long start = System.nanoTime();
			long trips = roundTrips(producer, consumer, topic, value, latencies, this.duration);
			double seconds = (System.nanoTime() - start) / 1e9;
			return new Result("raw: one record send+commit+consume", trips / seconds, latencies.percentiles(),
					Map.of("linger.ms", 0));
		}
	}

	private long roundTrips(KafkaProducer<byte[], byte[]> producer, KafkaConsumer<byte[], byte[]> consumer,
			String topic, byte[] value, Latencies latencies, Duration time) {
		long end = System.nanoTime() + time.toNanos();
		long trips = 0;
		while (System.nanoTime() < end) {
			long start = System.nanoTime();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>(topic, value));
			producer.commitTransaction();
			ConsumerRecords<byte[], byte[]> records;
			do {
				records = consumer.poll(Duration.ofSeconds(5));
			}
			while (records.isEmpty());
			latencies.record(System.nanoTime() - start);
			trips++;
		}
		return trips;
	}

	private KafkaProducer<byte[], byte[]> transactionalProducer(Map<String, Object> overrides) {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		configs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "raw-" + UUID.randomUUID());
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		configs.putAll(overrides);
		return new KafkaProducer<>(configs, new ByteArraySerializer(), new ByteArraySerializer());
	}

	private KafkaConsumer<byte[], byte[]> consumer() {
		Map<String, Object> configs = new HashMap<>();
		configs.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		configs.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		return new KafkaConsumer<>(configs, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	record Produced(String topic, Result result) {

	}

}
