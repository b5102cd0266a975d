package io.replication.autoconfigure;

import io.replication.ReplicationPositions;
import io.replication.engine.WriteSessions;
import io.replication.web.ReplicationPositionFilter;
import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Auto-configuration of the {@code Replication-Position} header in servlet web
 * applications: read-your-writes on any instance for clients that echo it. Turned off
 * with {@code replication.read.position-header=false}.
 *
 * @author replication
 */
@AutoConfiguration(after = ReplicationAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Filter.class, OncePerRequestFilter.class })
@ConditionalOnBean(ReplicationPositions.class)
@ConditionalOnBooleanProperty(name = "replication.read.position-header", matchIfMissing = true)
public final class ReplicationWebAutoConfiguration {

	/**
	 * Early in the chain, so that a request waits for its position before anything else
	 * handles it, and every response, errors included, carries the header.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "replicationPositionFilter")
	FilterRegistrationBean<ReplicationPositionFilter> replicationPositionFilter(ReplicationPositions positions,
			WriteSessions sessions, ReplicationProperties properties) {
		FilterRegistrationBean<ReplicationPositionFilter> registration = new FilterRegistrationBean<>(
				new ReplicationPositionFilter(positions, sessions, properties.getRead().getTimeout()));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

}
