package io.replication;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Replication's own producers and consumers come from Spring Kafka's factories, so the
 * application's factory customizers run on them: Boot's Micrometer Kafka client metrics
 * exist for them, and follow producers that are replaced.
 */
class KafkaClientMetricsIntegrationTests {

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@ParameterizedTest(name = "write mode {0}")
	@ValueSource(strings = { "idempotent", "transactional" })
	void replicationClientsHaveMicrometerKafkaClientMetrics(String writeMode) {
		ConfigurableApplicationContext instance = this.instances.start("a", "replication.write-mode=" + writeMode);
		instance.getBean(Ledger.class).deposit("alice", 5);
		MeterRegistry registry = instance.getBean(MeterRegistry.class);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(clients(registry, "kafka.producer.")).anyMatch((id) -> id.startsWith("replication.ledger."));
			assertThat(clients(registry, "kafka.consumer.")).anyMatch((id) -> id.startsWith("replication."));
		});
		assertThat(registry.find("kafka.producer.record.send.total")
			.tag("spring.id", (id) -> id.startsWith("replication.ledger."))
			.functionCounters()).isNotEmpty().anySatisfy((counter) -> assertThat(counter.count()).isPositive());
	}

	private static Set<String> clients(MeterRegistry registry, String prefix) {
		return registry.getMeters()
			.stream()
			.map(Meter::getId)
			.filter((id) -> id.getName().startsWith(prefix))
			.map((id) -> id.getTag("spring.id"))
			.filter((tag) -> tag != null)
			.collect(Collectors.toSet());
	}

}
