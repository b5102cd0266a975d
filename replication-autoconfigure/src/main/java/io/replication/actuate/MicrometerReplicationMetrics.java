package io.replication.actuate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.replication.engine.ReplicationMetrics;
import org.jspecify.annotations.Nullable;

/**
 * Records the write and apply paths with Micrometer, tagged by state:
 * {@code replication.write} (timer, tagged {@code outcome}), {@code replication.apply}
 * (timer), {@code replication.commands.applied} (counter) and
 * {@code replication.transaction.size} (distribution summary); for snapshots,
 * {@code replication.snapshot.duration} (timer, tagged {@code operation} {@code write} or
 * {@code restore}) and {@code replication.snapshot.size} (distribution summary, bytes).
 *
 * @author replication
 */
public class MicrometerReplicationMetrics implements ReplicationMetrics {

	private final MeterRegistry registry;

	private final Map<String, StateMeters> meters = new ConcurrentHashMap<>();

	public MicrometerReplicationMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void writeCompleted(String state, long nanos, @Nullable Throwable failure) {
		StateMeters meters = meters(state);
		((failure != null) ? meters.failedWrites : meters.appliedWrites).record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void commandApplied(String state, long nanos) {
		StateMeters meters = meters(state);
		meters.apply.record(nanos, TimeUnit.NANOSECONDS);
		meters.applied.increment();
	}

	@Override
	public void batchWritten(String state, int commands) {
		meters(state).transactionSize.record(commands);
	}

	@Override
	public void snapshotWritten(String state, long nanos, long bytes) {
		StateMeters meters = meters(state);
		meters.snapshotWrite.record(nanos, TimeUnit.NANOSECONDS);
		meters.snapshotSize.record(bytes);
	}

	@Override
	public void snapshotRestored(String state, long nanos, long bytes) {
		meters(state).snapshotRestore.record(nanos, TimeUnit.NANOSECONDS);
	}

	private StateMeters meters(String state) {
		return this.meters.computeIfAbsent(state, (name) -> new StateMeters(this.registry, name));
	}

	private static final class StateMeters {

		private final Timer appliedWrites;

		private final Timer failedWrites;

		private final Timer apply;

		private final Counter applied;

		private final DistributionSummary transactionSize;

		private final Timer snapshotWrite;

		private final Timer snapshotRestore;

		private final DistributionSummary snapshotSize;

		StateMeters(MeterRegistry registry, String state) {
			this.appliedWrites = write(registry, state, "applied");
			this.failedWrites = write(registry, state, "failed");
			this.apply = Timer.builder("replication.apply")
				.description("Time a command's method takes when applied")
				.tag("state", state)
				.register(registry);
			this.applied = Counter.builder("replication.commands.applied")
				.description("Commands applied on this instance")
				.baseUnit("commands")
				.tag("state", state)
				.register(registry);
			this.transactionSize = DistributionSummary.builder("replication.transaction.size")
				.description(
						"Commands written together: one transaction, or one batch in write mode idempotent (group commit)")
				.baseUnit("commands")
				.tag("state", state)
				.register(registry);
			this.snapshotWrite = snapshot(registry, state, "write");
			this.snapshotRestore = snapshot(registry, state, "restore");
			this.snapshotSize = DistributionSummary.builder("replication.snapshot.size")
				.description("Size of a state's encoded snapshot")
				.baseUnit("bytes")
				.tag("state", state)
				.register(registry);
		}

		private static Timer snapshot(MeterRegistry registry, String state, String operation) {
			return Timer.builder("replication.snapshot.duration")
				.description("Time to take and store a snapshot (write), or to read and restore one on start (restore)")
				.tag("state", state)
				.tag("operation", operation)
				.register(registry);
		}

		private static Timer write(MeterRegistry registry, String state, String outcome) {
			return Timer.builder("replication.write")
				.description("Time from a write call until it is applied on the writing instance")
				.tag("state", state)
				.tag("outcome", outcome)
				.register(registry);
		}

	}

}
