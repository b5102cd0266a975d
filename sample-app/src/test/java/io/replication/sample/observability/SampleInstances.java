package io.replication.sample.observability;

import java.util.ArrayList;
import java.util.List;

import io.replication.sample.LedgerClient;
import io.replication.sample.SampleApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * Sample instances on the test plan's broker and topics of their own, each serving HTTP
 * on a free port of 127.0.0.1.
 */
final class SampleInstances implements AutoCloseable {

	private final String topicPrefix = "observability-" + System.nanoTime() + ".";

	private final List<ConfigurableApplicationContext> started = new ArrayList<>();

	ConfigurableApplicationContext start(String instanceId) {
		// Arguments, not default properties: application.yml must not win over them.
		ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
				"--server.port=0", "--server.address=127.0.0.1",
				"--spring.kafka.bootstrap-servers="
						+ System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS),
				"--replication.topic-prefix=" + this.topicPrefix, "--replication.instance-id=" + instanceId,
				"--replication.monitor-interval=200ms");
		this.started.add(context);
		return context;
	}

	static LedgerClient client(ConfigurableApplicationContext context) {
		return LedgerClient.of(context.getEnvironment().getProperty("replication.instance-id"), context);
	}

	static String baseUrl(ConfigurableApplicationContext context) {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Override
	public void close() {
		this.started.forEach(ConfigurableApplicationContext::close);
	}

}
