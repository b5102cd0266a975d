package io.replication.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.GroupProtocol;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Builds the replication's own Kafka clients through Spring Kafka's factories, from the
 * application's client settings (connection, security, tuning from
 * {@code spring.kafka.*}). The application's factory customizers run on them, so
 * Micrometer's Kafka client metrics and the application's post-processors apply; then
 * what replication needs is forced: idempotent {@code acks=all} producers (transactional
 * in that write mode), {@code read_committed} consumers of the classic group protocol
 * without auto-commit or offset reset. The application's own clients and template are
 * left unchanged.
 *
 * @author replication
 */
public final class ReplicationClients {

	private static final Log logger = LogFactory.getLog(ReplicationClients.class);

	// Transactions here last milliseconds; this bounds how long a dead writer's open
	// transaction holds readers back (plus the broker's check for timed-out transactions,
	// every 10 s by default).
	private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(10);

	// The producer's own default.
	private static final Duration DEFAULT_DELIVERY_TIMEOUT = Duration.ofMinutes(2);

	// A record batch's header (61 bytes) and one record's framing, rounded up.
	private static final int BATCH_OVERHEAD = 128;

	// A request carries one batch per partition and a producer keeps at most five in
	// flight, so Kafka's default 16 KB batch caps a state's one partition at about 80 KB
	// per round trip to the broker. Batches are pooled, and one is only as full as the
	// records waiting when it is sent: with linger.ms 0 a larger bound delays nothing.
	private static final int DEFAULT_BATCH_SIZE = 256 * 1024;

	// One produce request in flight per broker for a state's writes: the writes queued
	// meanwhile go out together in the next one, so under load each request and each
	// fetch it wakes carries more of them, for less of the broker's CPU per write.
	private static final int DEFAULT_MAX_IN_FLIGHT = 1;

	// Restoring reads a snapshot's chunks in fetches of this many bytes.
	private static final int SNAPSHOT_FETCH_BYTES = 16 * 1024 * 1024;

	// Nothing is in flight once a writer has stopped; this only bounds a dead broker.
	private static final int CLOSE_TIMEOUT_SECONDS = 5;

	private final Map<String, Object> producer;

	private final Map<String, Object> consumer;

	private final Map<String, Object> admin;

	private final Duration writeTimeout;

	private final List<Consumer<DefaultKafkaProducerFactory<?, ?>>> producerCustomizers;

	private final List<Consumer<DefaultKafkaConsumerFactory<?, ?>>> consumerCustomizers;

	/**
	 * Create the clients' builder.
	 * @param producer the application's producer settings
	 * @param consumer the application's consumer settings
	 * @param admin the application's admin settings
	 * @param writeTimeout how long a caller waits for a write, which bounds how long a
	 * producer may block
	 * @param producerCustomizers the application's producer factory customizers
	 * @param consumerCustomizers the application's consumer factory customizers
	 */
	public ReplicationClients(Map<String, Object> producer, Map<String, Object> consumer, Map<String, Object> admin,
			Duration writeTimeout, List<Consumer<DefaultKafkaProducerFactory<?, ?>>> producerCustomizers,
			List<Consumer<DefaultKafkaConsumerFactory<?, ?>>> consumerCustomizers) {
		this.producer = Map.copyOf(producer);
		this.consumer = Map.copyOf(consumer);
		this.admin = Map.copyOf(admin);
		this.writeTimeout = writeTimeout;
		this.producerCustomizers = List.copyOf(producerCustomizers);
		this.consumerCustomizers = List.copyOf(consumerCustomizers);
	}

	/**
	 * The transactional producers of one state's appender.
	 * @param state name of the state
	 * @param transactionIdPrefix prefix of their transactional ids: a second process with
	 * the same instance id takes them over and fences the first
	 * @return the producers, none created yet
	 */
	TransactionalProducers transactionalProducers(String state, String transactionIdPrefix) {
		Map<String, Object> configs = producerConfigs();
		// A writer killed with a transaction open holds every reader back until the
		// broker aborts it: one minute with the client's default.
		configs.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
		return new TransactionalProducers(transactionIdPrefix, producerFactory(state, configs));
	}

	/**
	 * The template that sends one state's commands with an idempotent producer, without
	 * transactions.
	 * @param state name of the state
	 * @return a template over a producer factory of the state's own
	 */
	KafkaTemplate<String, byte[]> idempotentTemplate(String state) {
		Map<String, Object> configs = producerConfigs();
		// The producer gives up on a record only after every caller waiting on it has
		// been told "unknown": its own timeout must never turn a write a caller still
		// waits on into a guess.
		configs.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
				(int) Math.min(
						Math.max(DEFAULT_DELIVERY_TIMEOUT.toMillis(), this.writeTimeout.multipliedBy(2).toMillis()),
						Integer.MAX_VALUE));
		configs.putIfAbsent(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, DEFAULT_MAX_IN_FLIGHT);
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(producerFactory(state, configs));
		// Sends outside a transaction even if a customizer gave the factory a
		// transactional id prefix.
		template.setAllowNonTransactional(true);
		// The writer reports every failure to its caller and logs what it decided.
		template.setProducerListener(null);
		return template;
	}

	/**
	 * The template that stores one state's snapshots, with an idempotent producer of its
	 * own, so that snapshot chunks never queue ahead of the state's writes.
	 * @param state name of the state
	 * @return a template over a producer factory of the state's snapshots
	 */
	KafkaTemplate<String, byte[]> snapshotTemplate(String state) {
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(
				producerFactory(state + ".snapshots", producerConfigs()));
		template.setAllowNonTransactional(true);
		// The snapshot writer logs what became of each snapshot.
		template.setProducerListener(null);
		return template;
	}

	/**
	 * A consumer of a state's log outside its listener container, with no group: it reads
	 * another replica's partition while a partition-per-replica replica joins.
	 * @param factory the starter's consumer factory
	 * @param state name of the state
	 * @return a new consumer; the caller closes it
	 */
	static org.apache.kafka.clients.consumer.Consumer<String, ByteBuffer> joiningConsumer(
			DefaultKafkaConsumerFactory<String, ByteBuffer> factory, String state) {
		return factory.createConsumer(null, "replication-joining-" + state, null, new Properties());
	}

	/**
	 * A consumer of a snapshot topic: no group, partitions assigned by the caller, and
	 * fetches large enough for many chunks at once.
	 * @param factory the factory of the states' log consumers, from
	 * {@link #consumerFactory()}
	 * @param state name of the state
	 * @return a new consumer, closed by the caller
	 */
	static org.apache.kafka.clients.consumer.Consumer<String, ByteBuffer> snapshotConsumer(
			DefaultKafkaConsumerFactory<String, ByteBuffer> factory, String state) {
		Properties overrides = new Properties();
		overrides.setProperty(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(SNAPSHOT_FETCH_BYTES));
		overrides.setProperty(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(SNAPSHOT_FETCH_BYTES));
		return factory.createConsumer(null, "replication-snapshots-" + state, null, overrides);
	}

	private ReplicationProducerFactory producerFactory(String state, Map<String, Object> configs) {
		configs.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		ReplicationProducerFactory factory = new ReplicationProducerFactory("replication." + state, configs);
		this.producerCustomizers.forEach((customizer) -> customizer.accept(factory));
		// Set again after the customizers: they may tune the producers, not what the
		// writers' guarantees rest on.
		factory
			.updateConfigs(Map.of(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all"));
		factory.removeConfig(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		factory.setProducerPerThread(false);
		factory.setPhysicalCloseTimeout(CLOSE_TIMEOUT_SECONDS);
		return factory;
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
		configs.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, DEFAULT_BATCH_SIZE);
		// A send or commit blocked longer than a caller waits helps nobody.
		configs.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG,
				(int) Math.min(this.writeTimeout.toMillis(), Integer.MAX_VALUE));
		return configs;
	}

	/**
	 * The factory of the states' log consumers.
	 * @return a consumer factory of replication's own
	 */
	DefaultKafkaConsumerFactory<String, ByteBuffer> consumerFactory() {
		DefaultKafkaConsumerFactory<String, ByteBuffer> factory = new DefaultKafkaConsumerFactory<>(this.consumer,
				StringDeserializer::new, ByteBufferDeserializer::new);
		factory.setBeanName("replication");
		this.consumerCustomizers.forEach((customizer) -> customizer.accept(factory));
		Map<String, Object> configs = new HashMap<>();
		configs.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		configs.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// Positions are set by the listener; a position out of range halts the state
		// rather than silently re-apply or skip part of the log.
		configs.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
		// A process takes its instance id over by joining as the same static member,
		// which fences the older one. Kafka 4's consumer group protocol rejects that
		// join while the older member is still in the group instead.
		configs.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, GroupProtocol.CLASSIC.name().toLowerCase(Locale.ROOT));
		logClassicProtocolKept();
		factory.updateConfigs(configs);
		// Each state's container sets its own group.
		factory.removeConfig(ConsumerConfig.GROUP_ID_CONFIG);
		return factory;
	}

	private void logClassicProtocolKept() {
		Object configured = this.consumer.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
		if (configured != null && !GroupProtocol.CLASSIC.name().equalsIgnoreCase(configured.toString())) {
			logger.info("Replication's consumers use group.protocol 'classic', not the configured '" + configured
					+ "': taking an instance id over from an older process needs the classic protocol's static "
					+ "membership. The application's own consumers are left unchanged");
		}
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

	/**
	 * Create an admin client. Not Spring Kafka's {@code KafkaAdmin}: it opens a client
	 * per call, and the monitor asks every interval; its topic provisioning also adds
	 * partitions to a topic that has fewer, which would re-route a keyed state's
	 * commands.
	 * @return a new client, closed by the caller
	 */
	Admin admin() {
		return Admin.create(this.admin);
	}

	/**
	 * Where the admin client connects, for error messages.
	 * @return the bootstrap servers setting
	 */
	Object brokers() {
		return String.valueOf(this.admin.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
	}

}
