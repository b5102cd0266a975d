package io.replication.autoconfigure;

import io.replication.actuate.ReplicationEndpoint;
import io.replication.actuate.ReplicationEndpointWebExtension;
import io.replication.engine.ReplicationInstance;
import io.replication.kafka.KafkaReplication;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code replication} actuator endpoint.
 *
 * @author replication
 */
@AutoConfiguration(after = ReplicationAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(KafkaReplication.class)
@ConditionalOnAvailableEndpoint(ReplicationEndpoint.class)
public final class ReplicationEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ReplicationEndpoint replicationEndpoint(ReplicationInstance instance, KafkaReplication replication) {
		return new ReplicationEndpoint(instance, replication);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ReplicationEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = ReplicationEndpoint.class, exposure = EndpointExposure.WEB)
	ReplicationEndpointWebExtension replicationEndpointWebExtension(ReplicationEndpoint endpoint,
			KafkaReplication replication) {
		return new ReplicationEndpointWebExtension(endpoint, replication);
	}

}
