package io.replication.engine;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A call on this instance waiting for its command to be applied here.
 * <p>
 * A blocking caller waits on its outcome and is completed on the thread that decides it.
 * An asynchronous caller's future is completed on a callback thread instead, never the
 * apply thread, after its session learns the position and its end is measured; so the
 * apply thread hands each outcome over once and does nothing else for it.
 *
 * @param state name of the state written
 * @param command name of the command
 * @param invocationId the command's invocation id
 * @param append the command's way into the log
 * @param outcome completes with the method's outcome once applied, or with the write's
 * failure
 * @param deadlineNanos {@link System#nanoTime()} at which the caller gives up
 * @param session the caller's write session, told the command's position once applied
 * @param callbacks the threads that complete the outcome, or {@code null} to complete it
 * where it is decided
 * @param ended told before the outcome completes: the failure that ended the write, or
 * {@code null}
 * @author replication
 */
public record PendingWrite(String state, String command, UUID invocationId, LogAppend append,
		CompletableFuture<@Nullable Object> outcome, long deadlineNanos, WriteSession session,
		@Nullable Executor callbacks, Consumer<@Nullable Throwable> ended) {

	/**
	 * A call whose caller waits on its outcome, and measures it itself.
	 * @param state name of the state written
	 * @param command name of the command
	 * @param invocationId the command's invocation id
	 * @param append the command's way into the log
	 * @param deadlineNanos {@link System#nanoTime()} at which the caller gives up
	 * @param session the caller's write session, told the command's position once applied
	 * @return the call
	 */
	static PendingWrite blocking(String state, String command, UUID invocationId, LogAppend append, long deadlineNanos,
			WriteSession session) {
		return new PendingWrite(state, command, invocationId, append, new CompletableFuture<>(), deadlineNanos, session,
				null, (failure) -> {
				});
	}

	/**
	 * A call whose caller holds a future, completed on a callback thread.
	 * @param state name of the state written
	 * @param command name of the command
	 * @param invocationId the command's invocation id
	 * @param append the command's way into the log
	 * @param future the caller's future
	 * @param deadlineNanos {@link System#nanoTime()} at which the caller gives up
	 * @param session the caller's write session, told the command's position once applied
	 * @param callbacks the threads that complete the future
	 * @param ended told, on a callback thread, before the future completes: the failure
	 * that ended the write, or {@code null}
	 * @return the call
	 */
	static PendingWrite asynchronous(String state, String command, UUID invocationId, LogAppend append,
			CompletableFuture<@Nullable Object> future, long deadlineNanos, WriteSession session, Executor callbacks,
			Consumer<@Nullable Throwable> ended) {
		return new PendingWrite(state, command, invocationId, append, future, deadlineNanos, session, callbacks, ended);
	}

	/**
	 * How the write is named in messages.
	 * @return {@code state.command}
	 */
	public String name() {
		return this.state + "." + this.command;
	}

	/**
	 * Hand the caller its outcome: its session reaches the command's position first, so a
	 * write that returns is already counted as applied.
	 * @param position where the command was applied, or {@code null} if it was not, or
	 * its session already knows
	 * @param result what the method returned
	 * @param failure what the method threw, or why the write failed; {@code null} if it
	 * returned
	 */
	void settle(@Nullable Position position, @Nullable Object result, @Nullable Throwable failure) {
		Executor executor = this.callbacks;
		if (executor == null) {
			complete(position, result, failure);
		}
		else {
			executor.execute(() -> complete(position, result, failure));
		}
	}

	private void complete(@Nullable Position position, @Nullable Object result, @Nullable Throwable failure) {
		if (position != null) {
			this.session.written(position);
		}
		this.ended.accept(failure);
		if (failure != null) {
			this.outcome.completeExceptionally(failure);
		}
		else {
			this.outcome.complete(result);
		}
	}

}
