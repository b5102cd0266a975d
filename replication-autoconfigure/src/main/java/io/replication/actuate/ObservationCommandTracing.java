package io.replication.actuate;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.replication.engine.CommandRecord;
import io.replication.engine.CommandTracing;
import io.replication.engine.Position;
import org.jspecify.annotations.Nullable;

/**
 * Traces writes with Micrometer's Observation API. A write is a producer observation on
 * the writer, a child of whatever the caller is doing; a tracer's propagating handler
 * puts its context into the record's headers. The apply on every instance is a consumer
 * observation that continues that context, so one trace shows the write and each replica
 * applying it. The command's method runs within the apply's scope: its logs carry the
 * trace.
 *
 * @author replication
 */
public final class ObservationCommandTracing implements CommandTracing {

	/**
	 * Name of a write's observation.
	 */
	public static final String WRITE = "replication.command.write";

	/**
	 * Name of an apply's observation.
	 */
	public static final String APPLY = "replication.command.apply";

	private final ObservationRegistry registry;

	/**
	 * Create the tracing.
	 * @param registry the application's observation registry, with a tracer's handlers
	 */
	public ObservationCommandTracing(ObservationRegistry registry) {
		this.registry = registry;
	}

	@Override
	public TracedWrite write(String state, String command) {
		Map<String, String> carrier = new HashMap<>(4);
		SenderContext<Map<String, String>> context = new SenderContext<>(
				(headers, name, value) -> headers.put(name, value), Kind.PRODUCER);
		context.setCarrier(carrier);
		Observation observation = Observation.createNotStarted(WRITE, () -> context, this.registry)
			.contextualName(state + "." + command + " write")
			.lowCardinalityKeyValue("replication.state", state)
			.lowCardinalityKeyValue("replication.command", command)
			.start();
		Map<String, String> carried = Map.copyOf(carrier);
		return new TracedWrite() {

			@Override
			public Map<String, String> context() {
				return carried;
			}

			@Override
			public void end(@Nullable Throwable failure) {
				if (failure != null) {
					observation.error(failure);
				}
				observation.stop();
			}

		};
	}

	@Override
	public TracedApply apply(CommandRecord record, Position position) {
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>((headers, name) -> headers.get(name),
				Kind.CONSUMER);
		context.setCarrier(record.traceContext());
		Observation observation = Observation.createNotStarted(APPLY, () -> context, this.registry)
			.contextualName(record.state() + "." + record.command() + " apply")
			.lowCardinalityKeyValue("replication.state", record.state())
			.lowCardinalityKeyValue("replication.command", record.command())
			.highCardinalityKeyValue("replication.position", position.partition() + "@" + position.offset())
			.highCardinalityKeyValue("replication.origin", record.origin())
			.start();
		Observation.Scope scope = observation.openScope();
		return (failure) -> {
			scope.close();
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		};
	}

}
