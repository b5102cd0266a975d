package io.replication.autoconfigure;

import io.replication.ReplicationPositions;
import io.replication.web.ReplicationPositionFilter;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplicationWebAutoConfiguration}.
 */
class ReplicationWebAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(KafkaAutoConfiguration.class,
			JacksonAutoConfiguration.class, ReplicationAutoConfiguration.class, ReplicationWebAutoConfiguration.class);

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS);

	@Test
	void servletApplicationGetsThePositionHeaderFilter() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ReplicationPositions.class)
			.getBean("replicationPositionFilter", FilterRegistrationBean.class)
			.extracting(FilterRegistrationBean::getFilter)
			.isInstanceOf(ReplicationPositionFilter.class));
	}

	@Test
	void filterIsTurnedOffByProperty() {
		this.runner.withPropertyValues("replication.read.position-header=false")
			.run((context) -> assertThat(context).hasSingleBean(ReplicationPositions.class)
				.doesNotHaveBean("replicationPositionFilter"));
	}

	@Test
	void noFilterOutsideAWebApplication() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(ReplicationPositions.class)
				.doesNotHaveBean("replicationPositionFilter"));
	}

	@Test
	void noFilterWithoutSpringWeb() {
		this.runner.withClassLoader(new FilteredClassLoader(OncePerRequestFilter.class))
			.run((context) -> assertThat(context).doesNotHaveBean("replicationPositionFilter"));
	}

	@Test
	void noFilterWhenReplicationIsDisabled() {
		this.runner.withPropertyValues("replication.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("replicationPositionFilter"));
	}

	@Test
	void invalidReadTimeoutFailsNamingTheProperty() {
		this.runner.withPropertyValues("replication.read.timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("'replication.read.timeout' must be positive"));
	}

}
