package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import io.kcache.Cache;
import io.kcache.KafkaCache;
import io.kcache.KafkaCacheConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter against the peer a user might pick instead, KCache: a map backed by a
 * compacted Kafka topic whose {@code put} returns once the cache's own reader has read
 * the record back; it runs no Kafka transactions. Both on the same broker in the same
 * run, one instance each, with the same workload: N threads calling
 * {@code put(String, Long)} back to back, over 1,000 keys. Both producers are idempotent,
 * {@code acks=all}, {@code linger.ms=0}. The starter's side is a blocking
 * {@code @ReplicatedWrite} method, in its default write mode unless the run sets one.
 */
final class PeerBenchmark {

	private static final int KEYS = 1000;

	private final String bootstrapServers;

	private final BlockingWritersBenchmark writers;

	private final List<Integer> callers;

	PeerBenchmark(String bootstrapServers, Window window, List<Integer> callers) {
		this.bootstrapServers = bootstrapServers;
		this.writers = new BlockingWritersBenchmark(window);
		this.callers = callers;
	}

	/**
	 * KCache's side.
	 * @return a result for each number of callers
	 */
	List<Result> kcache() throws Exception {
		List<Result> results = new ArrayList<>();
		Properties properties = new Properties();
		properties.put(KafkaCacheConfig.KAFKACACHE_BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		properties.put(KafkaCacheConfig.KAFKACACHE_TOPIC_CONFIG, "kcache-" + UUID.randomUUID());
		properties.put(KafkaCacheConfig.KAFKACACHE_TOPIC_REPLICATION_FACTOR_CONFIG, 1);
		// Passed to KCache's clients. Kafka 4's producer waits up to 5 ms to fill a
		// batch;
		// the starter sends at once, and so does the peer here.
		properties.put("kafkacache." + ProducerConfig.LINGER_MS_CONFIG, 0);
		try (Cache<String, Long> cache = new KafkaCache<>(new KafkaCacheConfig(properties), Serdes.String(),
				Serdes.Long())) {
			cache.init();
			for (int callers : this.callers) {
				results.add(this.writers.run("kcache 5.2.3: blocking put", callers,
						(number) -> cache.put(key(number), number)));
			}
		}
		return results;
	}

	/**
	 * The starter's side.
	 * @param pass the instance's settings
	 * @return a result for each number of callers
	 */
	List<Result> starter(Pass pass) throws Exception {
		List<Result> results = new ArrayList<>();
		try (ServiceInstances instances = new ServiceInstances(this.bootstrapServers, pass.settings(),
				PeerBenchmarkApplication.class)) {
			ConfigurableApplicationContext instance = instances.start("writer");
			KeyValues values = instance.getBean(KeyValues.class);
			for (int callers : this.callers) {
				results.add(pass.label(this.writers.run("starter: blocking put", callers,
						(number) -> values.put(key(number), number))));
			}
		}
		return results;
	}

	private static String key(long number) {
		return "key-" + (number % KEYS);
	}

}
