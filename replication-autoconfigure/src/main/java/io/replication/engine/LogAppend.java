package io.replication.engine;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.replication.WriteRejectedException;

/**
 * One command on its way into the log. It is queued first; the appender {@link #take()
 * takes} it to send it, unless its caller has {@link #withdraw() withdrawn} it first.
 * Exactly one of the two wins, so a write whose caller gave up is never sent afterwards,
 * and a write that was sent is never reported as withdrawn.
 *
 * @author replication
 */
public final class LogAppend {

	private static final int QUEUED = 0;

	private static final int TAKEN = 1;

	private static final int WITHDRAWN = 2;

	private final AtomicInteger stage = new AtomicInteger(QUEUED);

	private final CompletableFuture<Position> committed = new CompletableFuture<>();

	/**
	 * Refuse the command before it is queued, or withdraw it from the queue because it
	 * can no longer be sent.
	 * @param refusal why it is refused
	 * @return {@code true} if it was refused; {@code false} if it was already taken
	 */
	public boolean reject(WriteRejectedException refusal) {
		if (withdraw()) {
			this.committed.completeExceptionally(refusal);
			return true;
		}
		return false;
	}

	/**
	 * Completes once the command is in the log, with its position; or exceptionally with
	 * a {@link WriteRejectedException} when it certainly never will be, or a
	 * {@link io.replication.WriteOutcomeUnknownException} when that could not be learned.
	 * @return the commit's future
	 */
	public CompletableFuture<Position> committed() {
		return this.committed;
	}

	/**
	 * Withdraw the command if it has not been taken to be sent yet. The commit's future
	 * is left as it is: the caller that withdraws says why.
	 * @return {@code true} if it is withdrawn, so it is never sent; {@code false} if it
	 * was already taken, or withdrawn before
	 */
	public boolean withdraw() {
		return this.stage.compareAndSet(QUEUED, WITHDRAWN);
	}

	/**
	 * Take the command to send it, unless it was withdrawn.
	 * @return {@code true} if the caller may send it now
	 */
	public boolean take() {
		return this.stage.compareAndSet(QUEUED, TAKEN);
	}

}
