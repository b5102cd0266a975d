package io.replication.engine;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A call on this instance waiting for its command to be applied here.
 *
 * @param state name of the state written
 * @param command name of the command
 * @param invocationId the command's invocation id
 * @param append the command's way into the log
 * @param outcome completes with the method's outcome once applied, or with the write's
 * failure
 * @param deadlineNanos {@link System#nanoTime()} at which the caller gives up
 * @param session the caller's write session, told the command's position once applied
 * @author replication
 */
public record PendingWrite(String state, String command, UUID invocationId, LogAppend append,
		CompletableFuture<@Nullable Object> outcome, long deadlineNanos, WriteSession session) {

	/**
	 * How the write is named in messages.
	 * @return {@code state.command}
	 */
	public String name() {
		return this.state + "." + this.command;
	}

}
