package io.replication.sample.broker;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the built-in broker stays out of the way: both cases start no broker.
 */
class BuiltInKafkaConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(BuiltInKafkaConfiguration.class);

	@Test
	void configuredBootstrapServersKeepTheBuiltInBrokerOff() {
		this.contextRunner.withPropertyValues("spring.kafka.bootstrap-servers=127.0.0.1:1")
			.run((context) -> assertThat(context).doesNotHaveBean(BuiltInKafkaBroker.class));
	}

	@Test
	void otherConnectionDetailsSuchAsAServiceConnectionKeepTheBuiltInBrokerOff() {
		this.contextRunner
			.withBean("containerConnectionDetails", KafkaConnectionDetails.class, () -> () -> List.of("127.0.0.1:1"))
			.run((context) -> assertThat(context).doesNotHaveBean(BuiltInKafkaBroker.class)
				.getBean(KafkaConnectionDetails.class)
				.extracting(KafkaConnectionDetails::getBootstrapServers)
				.isEqualTo(List.of("127.0.0.1:1")));
	}

}
