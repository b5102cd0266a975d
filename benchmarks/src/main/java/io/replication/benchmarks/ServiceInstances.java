package io.replication.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.replication.kafka.KafkaReplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances of the benchmarked service in this JVM, each an application context with its
 * own instance id, sharing one set of topics. Apart from the connection, the instance id
 * and a long write timeout, they run with the starter's defaults.
 */
final class ServiceInstances implements AutoCloseable {

	/**
	 * The instances of the write benchmarks: one writer, two appliers.
	 */
	static final List<String> WRITE_BENCHMARK_REPLICAS = List.of("writer", "applier-1", "applier-2");

	private final String bootstrapServers;

	private final String topicPrefix = "bench-" + UUID.randomUUID().toString().substring(0, 8) + ".";

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	private final Map<String, String> settings;

	private final Class<?> application;

	/**
	 * Instances of the write benchmarks' service on a broker.
	 * @param bootstrapServers the broker
	 * @param settings {@code replication.*} settings of every instance
	 */
	ServiceInstances(String bootstrapServers, Map<String, String> settings) {
		this(bootstrapServers, settings, BenchmarkApplication.class);
	}

	/**
	 * Instances of a service on a broker.
	 * @param bootstrapServers the broker
	 * @param settings {@code replication.*} settings of every instance
	 * @param application the service's application class
	 */
	ServiceInstances(String bootstrapServers, Map<String, String> settings, Class<?> application) {
		this.bootstrapServers = bootstrapServers;
		this.settings = settings;
		this.application = application;
	}

	/**
	 * Start an instance and wait until it has caught up with the log.
	 * @param instanceId its instance id
	 * @param settings settings of this instance only, as {@code name=value}
	 * @return the instance
	 */
	ConfigurableApplicationContext start(String instanceId, String... settings) throws InterruptedException {
		ConfigurableApplicationContext context = launch(instanceId, settings);
		awaitCaughtUp(context, Duration.ofMinutes(5));
		return context;
	}

	/**
	 * Start an instance; it may still be catching up with the log.
	 * @param instanceId its instance id
	 * @param settings settings of this instance only, as {@code name=value}
	 * @return the instance
	 */
	ConfigurableApplicationContext launch(String instanceId, String... settings) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(this.application)
			.web(WebApplicationType.NONE)
			.properties("spring.kafka.bootstrap-servers=" + this.bootstrapServers,
					"replication.topic-prefix=" + this.topicPrefix, "replication.instance-id=" + instanceId,
					"replication.write-timeout=60s", "spring.main.banner-mode=off")
			.properties(this.settings.entrySet()
				.stream()
				.map((setting) -> setting.getKey() + "=" + setting.getValue())
				.toArray(String[]::new))
			.properties(settings)
			.run();
		this.started.add(context);
		return context;
	}

	/**
	 * The topic that holds a state's log.
	 * @param state the state's name
	 * @return its topic
	 */
	String topic(String state) {
		return this.topicPrefix + state;
	}

	static void awaitCaughtUp(ConfigurableApplicationContext context, Duration timeout) throws InterruptedException {
		KafkaReplication replication = context.getBean(KafkaReplication.class);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!replication.isCaughtUp()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Instance did not catch up within " + timeout);
			}
			Thread.sleep(5);
		}
	}

	void stop(ConfigurableApplicationContext context) {
		context.close();
		this.started.remove(context);
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
	}

}
