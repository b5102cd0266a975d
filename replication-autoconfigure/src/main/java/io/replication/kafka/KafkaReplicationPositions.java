package io.replication.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.replication.PositionNotReachedException;
import io.replication.ReplicationPosition;
import io.replication.ReplicationPositions;
import io.replication.engine.ReplicatedFuture;
import io.replication.engine.WriteSessions;

/**
 * Positions as this instance's consumers and Kafka know them. A state's applied position
 * is its consumers' position after their last batch: every record before it is applied,
 * or is a transaction marker.
 *
 * @author replication
 */
public final class KafkaReplicationPositions implements ReplicationPositions {

	private final KafkaReplication replication;

	private final WriteSessions sessions;

	private final Duration timeout;

	/**
	 * Create the positions.
	 * @param replication the states' replication
	 * @param sessions where the callers' writes reached
	 * @param timeout how long a question to Kafka may take
	 */
	public KafkaReplicationPositions(KafkaReplication replication, WriteSessions sessions, Duration timeout) {
		this.replication = replication;
		this.sessions = sessions;
		this.timeout = timeout;
	}

	@Override
	public ReplicationPosition written() {
		return this.sessions.current().written();
	}

	@Override
	public ReplicationPosition applied() {
		ReplicationPosition applied = ReplicationPosition.EMPTY;
		for (String state : this.replication.states()) {
			StateReplica replica = this.replication.replica(state);
			if (replica != null) {
				applied = applied.merge(ReplicationPosition.of(state, replica.listener().visiblePositions()));
			}
		}
		return applied;
	}

	@Override
	public ReplicationPosition committedEnd(String state) {
		requireState(state);
		StateReplica replica = this.replication.replica(state);
		KafkaQueries queries = this.replication.queries();
		try {
			if (replica == null || queries == null) {
				throw new IllegalStateException("replication is not running");
			}
			return ReplicationPosition.of(state, queries.committedEnds(replica.topic(), this.timeout));
		}
		catch (RuntimeException ex) {
			throw new PositionNotReachedException("Could not read the committed end of state '" + state
					+ "' from Kafka within " + this.timeout + " (replication.read.timeout): " + ex.getMessage(), state,
					Map.of(), readPositions(state));
		}
	}

	@Override
	public void awaitApplied(ReplicationPosition position, Duration timeout) {
		for (String state : position.states()) {
			requireState(state);
			StateReplica replica = this.replication.replica(state);
			int partitions = (replica != null) ? replica.topic().partitions() : 0;
			position.offsets(state)
				.keySet()
				.stream()
				.filter((partition) -> partition >= partitions)
				.findFirst()
				.ifPresent((partition) -> {
					throw new IllegalArgumentException(
							"State '" + state + "' has no partition " + partition + ": it has " + partitions);
				});
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (String state : position.states()) {
			StateReplica replica = this.replication.replica(state);
			Map<Integer, Long> wanted = position.offsets(state);
			CompletableFuture<Void> reached;
			if (replica == null) {
				reached = CompletableFuture.failedFuture(new IllegalStateException("replication is not running"));
			}
			else {
				try {
					reached = replica.listener().whenRead(readHere(replica, wanted, deadline));
				}
				catch (RuntimeException ex) {
					// Kafka did not say where this instance's partition ends.
					throw behind(state, wanted, timeout);
				}
			}
			try {
				reached.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (TimeoutException ex) {
				reached.cancel(false);
				throw behind(state, wanted, timeout);
			}
			catch (ExecutionException ex) {
				throw behind(state, wanted, timeout);
			}
			catch (InterruptedException ex) {
				reached.cancel(false);
				Thread.currentThread().interrupt();
				throw behind(state, wanted, timeout);
			}
		}
	}

	/**
	 * The offsets to reach on the partitions this instance reads. In the
	 * partition-per-replica topology a position may name another replica's partition,
	 * whose offsets mean nothing in this one's. Every command there was committed in the
	 * same transaction to this instance's partition, where it lies before the end of the
	 * log (committed or not) now: reading that far here covers it.
	 */
	private Map<Integer, Long> readHere(StateReplica replica, Map<Integer, Long> wanted, long deadline) {
		List<Integer> read = replica.topic().readPartitions();
		if (read.containsAll(wanted.keySet())) {
			return wanted;
		}
		KafkaQueries queries = Objects.requireNonNull(this.replication.queries(), "replication is not running");
		Map<Integer, Long> here = new TreeMap<>();
		wanted.forEach((partition, offset) -> {
			if (read.contains(partition)) {
				here.put(partition, offset);
			}
		});
		Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
		queries.highWatermarks(replica.topic(), left)
			.forEach((partition, end) -> here.merge(partition, end, Math::max));
		return here;
	}

	private PositionNotReachedException behind(String state, Map<Integer, Long> wanted, Duration timeout) {
		Map<Integer, Long> applied = new TreeMap<>(readPositions(state));
		return new PositionNotReachedException("Instance '" + this.replication.instanceId() + "' had not applied "
				+ ReplicationPosition.of(state, wanted) + " within " + timeout + ": it had applied state '" + state
				+ "' up to " + ReplicationPosition.of(state, applied), state, wanted, applied);
	}

	@Override
	public CompletableFuture<ReplicationPosition> positionOf(CompletableFuture<?> write) {
		if (!(write instanceof ReplicatedFuture<?> replicated)) {
			throw new IllegalArgumentException(
					"Not the future of a @ReplicatedWrite method (a future derived from it is not): " + write);
		}
		return replicated.position()
			.thenApply((position) -> ReplicationPosition.of(position.state(),
					Map.of(position.partition(), position.offset() + 1)));
	}

	// The consumers' positions after their last batch or idle check.
	private Map<Integer, Long> readPositions(String state) {
		StateReplica replica = this.replication.replica(state);
		return (replica != null) ? replica.listener().positions() : Map.of();
	}

	private void requireState(String state) {
		if (!this.replication.states().contains(state)) {
			throw new IllegalArgumentException("Instance '" + this.replication.instanceId() + "' has no state '" + state
					+ "'; it has " + this.replication.states());
		}
	}

}
