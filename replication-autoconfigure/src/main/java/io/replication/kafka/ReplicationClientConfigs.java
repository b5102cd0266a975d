package io.replication.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Builds the replication's own Kafka clients from the application's client settings
 * (connection, security, tuning from {@code spring.kafka.*}), forcing what replication
 * needs: transactional idempotent {@code acks=all} producers, {@code read_committed}
 * consumers without auto-commit. The application's own clients are left unchanged.
 *
 * @author replication
 */
public final class ReplicationClientConfigs {

	private final Map<String, Object> producer;

	private final Map<String, Object> consumer;

	private final Map<String, Object> admin;

	/**
	 * Create the configs.
	 * @param producer the application's producer settings
	 * @param consumer the application's consumer settings
	 * @param admin the application's admin settings
	 */
	public ReplicationClientConfigs(Map<String, Object> producer, Map<String, Object> consumer,
			Map<String, Object> admin) {
		this.producer = Map.copyOf(producer);
		this.consumer = Map.copyOf(consumer);
		this.admin = Map.copyOf(admin);
	}

	/**
	 * The producers of one state's appender.
	 * @param transactionIdPrefix prefix of their transactional ids: a second process with
	 * the same instance id takes them over and fences the first
	 * @return the producers, none created yet
	 */
	TransactionalProducers transactionalProducers(String transactionIdPrefix) {
		Map<String, Object> configs = new HashMap<>(this.producer);
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		// Commits flush anyway; lingering only delays the records of a group commit.
		configs.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		return new TransactionalProducers(transactionIdPrefix, (transactionalId) -> {
			Map<String, Object> producerConfigs = new HashMap<>(configs);
			producerConfigs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
			return new KafkaProducer<>(producerConfigs, new StringSerializer(), new ByteArraySerializer());
		});
	}

	DefaultKafkaConsumerFactory<String, byte[]> consumerFactory() {
		Map<String, Object> configs = new HashMap<>(this.consumer);
		configs.remove(ConsumerConfig.GROUP_ID_CONFIG);
		configs.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		return new DefaultKafkaConsumerFactory<>(configs, StringDeserializer::new, ByteArrayDeserializer::new);
	}

	/**
	 * How often the consumers heartbeat to their group's coordinator, which is how soon
	 * they hear that another process took their group membership over.
	 * @return the configured or default heartbeat interval
	 */
	Duration consumerHeartbeatInterval() {
		Object configured = this.consumer.getOrDefault(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
				ConsumerConfig.configDef().defaultValues().get(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
		return Duration.ofMillis(Long.parseLong(String.valueOf(configured)));
	}

	Map<String, Object> admin() {
		return this.admin;
	}

}
