package io.replication;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import io.replication.kafka.KafkaReplication;
import io.replication.testapp.Instances;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.aop.framework.Advised;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.validation.annotation.Validated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The replication advisor sits inside advice applied by earlier post-processors, such as
 * method validation: invalid arguments are refused before anything is appended.
 */
class AdvisorOrderIntegrationTests {

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void methodValidationRunsBeforeTheWriteIsAppended() {
		ConfigurableApplicationContext context = this.instances.start(ThermostatApplication.class, "a");
		Thermostat thermostat = context.getBean(Thermostat.class);
		assertThatExceptionOfType(ConstraintViolationException.class).isThrownBy(() -> thermostat.set(-5));
		assertThat(thermostat.set(20)).isEqualTo(20);
		assertThat(thermostat.settings()).containsExactly(20);
		// The valid write is the first record of the log: the invalid one was never
		// appended.
		assertThat(context.getBean(KafkaReplication.class).appliedOffsets("thermostat")).isEqualTo(Map.of(0, 1L));
	}

	@Test
	void replicationAdvisorComesAfterTheValidationAdvisor() {
		ConfigurableApplicationContext context = this.instances.start(ThermostatApplication.class, "a");
		List<String> advisors = Arrays.stream(((Advised) context.getBean(Thermostat.class)).getAdvisors())
			.map(Advisor::getAdvice)
			.map((advice) -> advice.getClass().getSimpleName())
			.toList();
		assertThat(advisors).containsExactly("MethodValidationInterceptor", "ReplicatedWriteInterceptor");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Thermostat.class)
	static class ThermostatApplication {

	}

	@ReplicatedState("thermostat")
	@Validated
	static class Thermostat {

		private final List<Integer> settings = new CopyOnWriteArrayList<>();

		@ReplicatedWrite
		public int set(@Min(0) @Max(40) int celsius) {
			this.settings.add(celsius);
			return celsius;
		}

		List<Integer> settings() {
			return List.copyOf(this.settings);
		}

	}

}
