package io.replication.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Builds the replication's own Kafka clients from the application's client settings
 * (connection, security, tuning from {@code spring.kafka.*}), forcing what replication
 * needs: idempotent {@code acks=all} producers (transactional in that write mode),
 * {@code read_committed} consumers without auto-commit or offset reset. The application's
 * own clients are left unchanged.
 *
 * @author replication
 */
public final class ReplicationClientConfigs {

	// Transactions here last milliseconds; this bounds how long a dead writer's open
	// transaction holds readers back (plus the broker's check for timed-out transactions,
	// every 10 s by default).
	private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

	// The producer's own default.
	private static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

	// A record batch's header (61 bytes) and one record's framing, rounded up.
	private static final int BATCH_OVERHEAD = 128;

	private final Map<String, Object> producer;

	private final Map<String, Object> consumer;

	private final Map<String, Object> admin;

	private final Duration writeTimeout;

	/**
	 * Create the configs.
	 * @param producer the application's producer settings
	 * @param consumer the application's consumer settings
	 * @param admin the application's admin settings
	 * @param writeTimeout how long a caller waits for a write, which bounds how long a
	 * producer may block
	 */
	public ReplicationClientConfigs(Map<String, Object> producer, Map<String, Object> consumer,
			Map<String, Object> admin, Duration writeTimeout) {
		this.producer = Map.copyOf(producer);
		this.consumer = Map.copyOf(consumer);
		this.admin = Map.copyOf(admin);
		this.writeTimeout = writeTimeout;
	}

	/**
	 * The transactional producers of one state's appender.
	 * @param transactionIdPrefix prefix of their transactional ids: a second process with
	 * the same instance id takes them over and fences the first
	 * @return the producers, none created yet
	 */
	TransactionalProducers transactionalProducers(String transactionIdPrefix) {
		Map<String, Object> configs = producerConfigs();
		// A writer killed with a transaction open holds every reader back until the
		// broker aborts it: one minute with the client's default.
		configs.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
		return new TransactionalProducers(transactionIdPrefix, (transactionalId) -> {
			Map<String, Object> producerConfigs = new HashMap<>(configs);
			producerConfigs.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
			return new KafkaProducer<>(producerConfigs, new StringSerializer(), new ByteArraySerializer());
		});
	}

	/**
	 * Creates the idempotent producer of one state's appender, without transactions.
	 * @return a producer factory
	 */
	Supplier<Producer<String, byte[]>> idempotentProducer() {
		Map<String, Object> configs = producerConfigs();
		configs.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		// The producer gives up on a record only after every caller waiting on it has
		// been
		// told "unknown": its own timeout must never turn a write a caller still waits on
		// into a guess.
		configs.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
				(int) Math.min(
						Math.max(DEFAULT_DELIVERY_TIMEOUT.toMillis(), this.writeTimeout.multipliedBy(2).toMillis()),
						Integer.MAX_VALUE));
		return () -> new KafkaProducer<>(configs, new StringSerializer(), new ByteArraySerializer());
	}

	/**
	 * Largest record a write may encode to: the producer's {@code max.request.size} less
	 * what a batch holding that one record adds, so that a broker whose
	 * {@code max.message.bytes} is its default takes it too.
	 * @return the limit in bytes
	 */
	public int maxRecordBytes() {
		Object configured = this.producer.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
				ProducerConfig.configDef().defaultValues().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
		return Integer.parseInt(String.valueOf(configured)) - BATCH_OVERHEAD;
	}

	private Map<String, Object> producerConfigs() {
		Map<String, Object> configs = new HashMap<>(this.producer);
		configs.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		configs.put(ProducerConfig.ACKS_CONFIG, "all");
		// Commits flush anyway; lingering only delays the records of a group commit.
		configs.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		// A send or commit blocked longer than a caller waits helps nobody.
		configs.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG,
				(int) Math.min(this.writeTimeout.toMillis(), Integer.MAX_VALUE));
		return configs;
	}

	DefaultKafkaConsumerFactory<String, byte[]> consumerFactory() {
		Map<String, Object> configs = new HashMap<>(this.consumer);
		configs.remove(ConsumerConfig.GROUP_ID_CONFIG);
		configs.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// Positions are set by the listener; a position out of range halts the state
		// rather than silently re-apply or skip part of the log.
		configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
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
