package io.replication.engine;

import java.time.Duration;

import io.replication.ReplicationPositions;
import io.replication.annotation.ReadConsistency;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code @ReplicatedRead} methods: under the state's read lock, and for
 * {@link ReadConsistency#LINEARIZABLE} only once this instance has applied the committed
 * end of the state's log as Kafka reports it when the read is called.
 *
 * @author replication
 */
public final class ReplicatedReads {

	private final ReplicationPositions positions;

	private final Duration timeout;

	/**
	 * Create the reads.
	 * @param positions asks Kafka for committed ends and waits for them
	 * @param timeout how long a linearizable read waits at most
	 */
	public ReplicatedReads(ReplicationPositions positions, Duration timeout) {
		this.positions = positions;
		this.timeout = timeout;
	}

	/**
	 * Run a read.
	 * @param state the state read
	 * @param consistency how fresh the read must be
	 * @param read the read method's invocation
	 * @return what it returned
	 * @throws Throwable what it threw, or a
	 * {@link io.replication.PositionNotReachedException} if a linearizable read could not
	 * catch up in time
	 */
	public @Nullable Object read(StateDefinition state, ReadConsistency consistency,
			StateLock.Read<@Nullable Object> read) throws Throwable {
		if (consistency == ReadConsistency.LINEARIZABLE) {
			CommandContext.current().ifPresent((applying) -> {
				throw new IllegalStateException("A LINEARIZABLE @ReplicatedRead of state '" + state.name()
						+ "' was called while applying command '" + applying.command().name()
						+ "': it would wait for the command calling it. Read plainly from within a command");
			});
			this.positions.awaitApplied(this.positions.committedEnd(state.name()), this.timeout);
		}
		return state.lock().read(read);
	}

}
