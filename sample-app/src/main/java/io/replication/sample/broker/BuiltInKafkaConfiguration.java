package io.replication.sample.broker;

import java.nio.file.Path;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs the sample on a built-in broker when {@code spring.kafka.bootstrap-servers} is not
 * set. Its {@link KafkaConnectionDetails} replace Boot's, so every Kafka client of the
 * application, the starter's included, connects to it. Connection details of another
 * source, such as a Testcontainers {@code @ServiceConnection}, win over it.
 *
 * @author replication
 */
@Configuration(proxyBeanMethods = false)
@Conditional(BootstrapServersNotSetCondition.class)
@ConditionalOnMissingBean(KafkaConnectionDetails.class)
class BuiltInKafkaConfiguration {

	@Bean
	BuiltInKafkaBroker builtInKafkaBroker(@Value("${sample.broker.port:9092}") int port,
			@Value("${sample.broker.data-directory:data/kafka}") Path dataDirectory) {
		return BuiltInKafkaBroker.startOrJoin(port, dataDirectory);
	}

	@Bean
	KafkaConnectionDetails builtInKafkaConnectionDetails(BuiltInKafkaBroker broker) {
		List<String> servers = broker.bootstrapServers();
		return () -> servers;
	}

}
