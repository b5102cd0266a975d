package io.replication.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Sample instances as application contexts in the test's JVM, on the test plan's broker
 * and topics of their own, each serving HTTP on a free port of 127.0.0.1.
 */
public final class SampleContexts implements AutoCloseable {

	private final String topicPrefix;

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	/**
	 * Contexts on topics of their own.
	 * @param name what the topics' prefix starts with
	 */
	public SampleContexts(String name) {
		this.topicPrefix = name + "-" + System.nanoTime() + ".";
	}

	/**
	 * Start an instance.
	 * @param instanceId its instance id
	 * @param arguments further arguments, as {@code --name=value}
	 * @return the running instance
	 */
	public ConfigurableApplicationContext start(String instanceId, String... arguments) {
		List<String> all = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--spring.kafka.bootstrap-servers="
						+ System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS),
				"--replication.topic-prefix=" + this.topicPrefix, "--replication.instance-id=" + instanceId));
		all.addAll(List.of(arguments));
		// Arguments, not default properties: application.yml must not win over them.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class)
			.run(all.toArray(String[]::new));
		this.started.add(context);
		return context;
	}

	public String topicPrefix() {
		return this.topicPrefix;
	}

	public static LedgerClient client(ConfigurableApplicationContext context) {
		return LedgerClient.of(context.getEnvironment().getProperty("replication.instance-id"), context);
	}

	public static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
	}

}
