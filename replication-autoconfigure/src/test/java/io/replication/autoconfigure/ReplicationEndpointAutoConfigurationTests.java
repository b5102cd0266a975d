package io.replication.autoconfigure;

import io.replication.actuate.ReplicationEndpoint;
import io.replication.actuate.ReplicationEndpointWebExtension;
import io.replication.engine.ReplicationInstance;
import io.replication.kafka.KafkaReplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicationEndpointAutoConfiguration}.
 */
class ReplicationEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, JacksonAutoConfiguration.class,
				ReplicationAutoConfiguration.class, ReplicationEndpointAutoConfiguration.class));

	@Test
	void endpointAndWebExtensionExistWhenExposedOverTheWeb() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=replication")
			.run((context) -> assertThat(context).hasSingleBean(ReplicationEndpoint.class)
				.hasSingleBean(ReplicationEndpointWebExtension.class));
	}

	@Test
	void runWhenOnlyExposedOverJmxShouldHaveEndpointBeanWithoutWebExtension() {
		this.runner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=replication")
			.run((context) -> assertThat(context).hasSingleBean(ReplicationEndpoint.class)
				.doesNotHaveBean(ReplicationEndpointWebExtension.class));
	}

	@Test
	void endpointIsAbsentWhenNotExposed() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ReplicationEndpoint.class)
			.doesNotHaveBean(ReplicationEndpointWebExtension.class));
	}

	@Test
	void endpointBacksOffFromAUserEndpoint() {
		this.runner.withUserConfiguration(UserEndpointConfiguration.class)
			.withPropertyValues("management.endpoints.web.exposure.include=replication")
			.run((context) -> assertThat(context).getBean(ReplicationEndpoint.class)
				.isSameAs(context.getBean(UserEndpointConfiguration.class).endpoint));
	}

	@Test
	void endpointBacksOffWhenReplicationIsDisabled() {
		this.runner
			.withPropertyValues("replication.enabled=false", "management.endpoints.web.exposure.include=replication")
			.run((context) -> assertThat(context).doesNotHaveBean(ReplicationEndpoint.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		ReplicationEndpoint endpoint;

		@Bean
		ReplicationEndpoint userReplicationEndpoint(ReplicationInstance instance, KafkaReplication replication) {
			this.endpoint = new ReplicationEndpoint(instance, replication);
			return this.endpoint;
		}

	}

}
