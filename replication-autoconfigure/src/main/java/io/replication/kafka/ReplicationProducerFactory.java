package io.replication.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Spring Kafka's producer factory for one state's writer, so that Boot's
 * {@code DefaultKafkaProducerFactoryCustomizer}s, producer post-processors and listeners
 * (Micrometer's Kafka client metrics among them) apply to replication's producers as to
 * the application's.
 * <p>
 * The idempotent writer uses it as any {@code KafkaTemplate} does. The transactional
 * writer takes {@link #transactionalProducer(String) raw producers} for exact
 * transactional ids instead of the factory's cached ones: a cached producer skips
 * {@code abortTransaction()} after a failed commit and reports success, and the writer
 * must learn whether the abort worked before it tells callers their write is applied
 * nowhere.
 *
 * @author replication
 */
class ReplicationProducerFactory extends DefaultKafkaProducerFactory<String, byte[]> {

	private final String name;

	/**
	 * Create a factory.
	 * @param name what the factory and its producers are known by, to its listeners
	 * @param configs the producers' settings
	 */
	ReplicationProducerFactory(String name, Map<String, Object> configs) {
		super(configs, StringSerializer::new, ByteArraySerializer::new);
		this.name = name;
		setBeanName(name);
	}

	/**
	 * Create a producer for a transactional id, not initialized yet, and announce it to
	 * the factory's listeners.
	 * @param transactionalId the id: a second process with the same id fences the first
	 * @return the producer, owned by the caller, closed with
	 * {@link #close(Producer, Duration)}
	 */
	Producer<String, byte[]> transactionalProducer(String transactionalId) {
		Producer<String, byte[]> producer = createRawProducer(getTxProducerConfigs(transactionalId));
		String id = listenerId(producer);
		getListeners().forEach((listener) -> listener.producerAdded(id, producer));
		return producer;
	}

	/**
	 * Close a producer from {@link #transactionalProducer(String)} and withdraw it from
	 * the factory's listeners.
	 * @param producer the producer
	 * @param timeout how long to wait for requests in flight
	 */
	void close(Producer<String, byte[]> producer, Duration timeout) {
		String id = listenerId(producer);
		try {
			producer.close(timeout);
		}
		finally {
			getListeners().forEach((listener) -> listener.producerRemoved(id, producer));
		}
	}

	// What the factory's own producers are known by to its listeners: its name and the
	// client's id.
	private String listenerId(Producer<String, byte[]> producer) {
		String clientId = producer.metrics()
			.keySet()
			.stream()
			.map(MetricName::tags)
			.map((tags) -> tags.get("client-id"))
			.filter((tag) -> tag != null)
			.findFirst()
			.orElse("unknown");
		return this.name + "." + clientId;
	}

}
