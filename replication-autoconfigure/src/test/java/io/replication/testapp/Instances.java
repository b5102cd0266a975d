package io.replication.testapp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Application contexts that stand in for instances of one service, each with its own
 * instance id, on the test plan's broker. Each set uses topics of its own.
 */
public final class Instances implements AutoCloseable {

	/**
	 * Boot's auto-configuration of a Brave tracer, excluded unless a test asks for it.
	 */
	public static final String BRAVE = "org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration";

	private final String topicPrefix = "test-" + UUID.randomUUID().toString().substring(0, 8) + ".";

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	public static String bootstrapServers() {
		return System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
	}

	public String topicPrefix() {
		return this.topicPrefix;
	}

	public ConfigurableApplicationContext start(String instanceId, String... properties) {
		return start(LedgerApplication.class, instanceId, properties);
	}

	public ConfigurableApplicationContext start(Class<?> application, String instanceId, String... properties) {
		return start(WebApplicationType.NONE, application, instanceId, properties);
	}

	/**
	 * Start an instance with a web server on a free port of 127.0.0.1.
	 */
	public ConfigurableApplicationContext startWeb(String instanceId, String... properties) {
		return startWeb(LedgerApplication.class, instanceId, properties);
	}

	/**
	 * Start an instance of an application with a web server on a free port of 127.0.0.1.
	 */
	public ConfigurableApplicationContext startWeb(Class<?> application, String instanceId, String... properties) {
		return start(WebApplicationType.SERVLET, application, instanceId, properties);
	}

	private ConfigurableApplicationContext start(WebApplicationType type, Class<?> application, String instanceId,
			String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application).web(type)
			.properties("spring.kafka.bootstrap-servers=" + bootstrapServers(),
					"replication.topic-prefix=" + this.topicPrefix, "replication.instance-id=" + instanceId,
					"replication.write-timeout=20s", "spring.main.banner-mode=off", "server.port=0",
					"server.address=127.0.0.1",
					// Brave is on the test class path for the tracing tests, which take
					// this back: the others run without a tracer, as most applications.
					"spring.autoconfigure.exclude=" + BRAVE)
			.properties(properties)
			.run();
		this.started.add(context);
		return context;
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
	}

}
