package io.replication.sample;

import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replication scenario on a Kafka container, for machines with Docker: the test's own
 * instance reaches the broker through {@code @ServiceConnection}, two more through its
 * bootstrap servers. Without Docker it is skipped, not failed.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "replication.instance-id=node-1" })
class TestcontainersLedgerIntegrationTests {

	// The image of the Kafka release whose clients the starter uses.
	@Container
	@ServiceConnection
	static final KafkaContainer kafka = new KafkaContainer("apache/kafka:" + AppInfoParser.getVersion())
		.withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");

	@Autowired
	ConfigurableApplicationContext context;

	private List<ConfigurableApplicationContext> others = List.of();

	@AfterEach
	void stopOthers() {
		this.others.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void writesOnThreeInstancesLeaveEveryInstanceWithTheSameBalances() throws Exception {
		this.others = Stream.of("node-2", "node-3").map(this::start).toList();
		List<LedgerClient> instances = List.of(LedgerClient.of("node-1", this.context),
				LedgerClient.of("node-2", this.others.get(0)), LedgerClient.of("node-3", this.others.get(1)));
		LedgerWorkload workload = new LedgerWorkload(instances, 6);
		workload.openAccounts();
		workload.run(4, 25);
		workload.awaitConvergence();
		assertThat(workload.acknowledged()).isPositive();
	}

	private ConfigurableApplicationContext start(String instanceId) {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--spring.kafka.bootstrap-servers=" + kafka.getBootstrapServers(),
				"--replication.instance-id=" + instanceId);
	}

}
