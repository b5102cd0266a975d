package io.replication;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Positions in the states' logs, for reading one's writes on any instance: where this
 * thread's (or this web request's) writes reached, how far this instance has applied each
 * state, and a bounded wait until it has applied given positions. Web applications get
 * the same over HTTP through the {@value ReplicationPosition#HEADER} header.
 *
 * @author replication
 */
public interface ReplicationPositions {

	/**
	 * Where the writes of the current web request reached, or of the calling thread
	 * outside a request: once an instance has applied this, it reflects them.
	 * @return the positions the writes reached; empty if there were none
	 */
	ReplicationPosition written();

	/**
	 * How far this instance has applied every state's log. Taken after a read of a state,
	 * it covers every command that read could have seen, including one being applied
	 * meanwhile: an instance that has applied it reads the same or newer data.
	 * @return the offset after the last command applied or being applied, by state and
	 * partition
	 */
	ReplicationPosition applied();

	/**
	 * Ask Kafka for the committed end of a state's log ({@code read_committed} end
	 * offsets): every write committed before this call lies before it.
	 * @param state name of the state
	 * @return the committed end
	 * @throws IllegalArgumentException if this instance has no such state
	 * @throws PositionNotReachedException if Kafka did not answer within
	 * {@code replication.read.timeout}
	 */
	ReplicationPosition committedEnd(String state);

	/**
	 * Wait until this instance has applied a position.
	 * @param position the position, as {@link #written()} or a header gave it
	 * @param timeout how long to wait at most
	 * @throws IllegalArgumentException if the position names a state this instance does
	 * not have
	 * @throws PositionNotReachedException if this instance had not applied it in time,
	 * naming the state and how far behind it is
	 */
	void awaitApplied(ReplicationPosition position, Duration timeout);

	/**
	 * Where an asynchronous write lands in the log.
	 * @param write the future a {@code @ReplicatedWrite} method returned
	 * @return a future of the write's position, completed once it is in the log, or with
	 * the write's failure
	 * @throws IllegalArgumentException if the future is not one a replicated write
	 * returned (a future derived from it with {@code thenApply} is not)
	 */
	CompletableFuture<ReplicationPosition> positionOf(CompletableFuture<?> write);

}
