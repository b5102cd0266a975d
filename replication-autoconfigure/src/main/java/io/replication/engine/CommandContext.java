package io.replication.engine;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The command being applied on the current thread. Commands must be deterministic, so a
 * command that needs "now" reads {@link #timestamp()}: the command's log timestamp, the
 * same on every instance.
 *
 * @author replication
 */
public final class CommandContext {

	private static final ThreadLocal<@Nullable CommandContext> CURRENT = new ThreadLocal<>();

	private final CommandDefinition command;

	private final Position position;

	private final Instant timestamp;

	CommandContext(CommandDefinition command, Position position, Instant timestamp) {
		this.command = command;
		this.position = position;
		this.timestamp = timestamp;
	}

	/**
	 * The command being applied on this thread, if any.
	 * @return the context, empty outside a command's apply
	 */
	public static Optional<CommandContext> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/**
	 * Log timestamp of the command being applied on this thread.
	 * @return the timestamp, the same on every instance
	 * @throws IllegalStateException when called outside a command's apply
	 */
	public static Instant timestamp() {
		return current().map(CommandContext::logTimestamp)
			.orElseThrow(() -> new IllegalStateException(
					"CommandContext.timestamp() is only available while a @ReplicatedWrite command is applied"));
	}

	public CommandDefinition command() {
		return this.command;
	}

	public Position position() {
		return this.position;
	}

	public Instant logTimestamp() {
		return this.timestamp;
	}

	void enter() {
		CURRENT.set(this);
	}

	void exit() {
		// Cleared rather than removed: the apply thread enters a context per record, and
		// re-inserting the thread-local entry each time showed in apply profiles.
		CURRENT.set(null);
	}

}
