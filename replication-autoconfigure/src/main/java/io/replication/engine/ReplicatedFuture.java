package io.replication.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The future an asynchronous {@code @ReplicatedWrite} method returns: it completes with
 * the command's outcome once this instance has applied it, and knows where the command
 * sits in the log.
 *
 * @param <T> type of the outcome
 * @author replication
 */
public final class ReplicatedFuture<T> extends CompletableFuture<T> {

	private final CompletableFuture<Position> position;

	ReplicatedFuture(CompletableFuture<Position> position) {
		this.position = position;
	}

	/**
	 * Where the command sits in the log.
	 * @return a future completed once the command is in the log, or with the write's
	 * failure
	 */
	public CompletableFuture<Position> position() {
		return this.position.copy();
	}

}
