package io.replication.actuate;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.replication.engine.StateDefinition;
import io.replication.engine.StateRegistry;
import io.replication.status.PartitionStatus;
import io.replication.status.ReplicaStatus;
import io.replication.status.ReplicationStatusSource;
import io.replication.status.StateStatus;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Gauges of each state's lag, tagged by state: {@code replication.lag} (offsets),
 * {@code replication.lag.time} and {@code replication.halted} (1 while halted).
 * Registered once every state bean exists.
 *
 * @author replication
 */
public class ReplicationGauges implements SmartInitializingSingleton {

	private final MeterRegistry registry;

	private final StateRegistry states;

	private final ReplicationStatusSource replication;

	public ReplicationGauges(MeterRegistry registry, StateRegistry states, ReplicationStatusSource replication) {
		this.registry = registry;
		this.states = states;
		this.replication = replication;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (StateDefinition state : this.states.states()) {
			String name = state.name();
			gauge("replication.lag", name, "Offsets between this instance's position and the committed end of the log",
					(status) -> status.lag());
			TimeGauge
				.builder("replication.lag.time", this.replication, TimeUnit.MILLISECONDS,
						(replication) -> value(name, ReplicationGauges::lagMillis))
				.description("Time since the last applied command was logged, while behind")
				.tag("state", name)
				.register(this.registry);
			gauge("replication.halted", name, "1 while the state is halted at a record it cannot apply",
					(status) -> (status.status() == ReplicaStatus.HALTED) ? 1 : 0);
		}
	}

	private void gauge(String meter, String state, String description, ToDoubleFunction<StateStatus> value) {
		Gauge.builder(meter, this.replication, (replication) -> value(state, value))
			.description(description)
			.tag("state", state)
			.register(this.registry);
	}

	private double value(String state, ToDoubleFunction<StateStatus> value) {
		StateStatus status = this.replication.status(state);
		return (status != null) ? value.applyAsDouble(status) : Double.NaN;
	}

	private static double lagMillis(StateStatus status) {
		return status.partitions()
			.stream()
			.map(PartitionStatus::lagMillis)
			.filter((millis) -> millis != null)
			.mapToLong(Long::longValue)
			.max()
			.orElse(0);
	}

}
