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

	// One per thread that applies commands, filled in per command: setting a thread-local
	// and building a context and an Instant for every record showed in replay profiles,
	// and few commands ever ask.
	private static final ThreadLocal<@Nullable Applying> APPLYING = new ThreadLocal<>();

	private final CommandDefinition command;

	private final Position position;

	private final long timestampMillis;

	private CommandContext(CommandDefinition command, Position position, long timestampMillis) {
		this.command = command;
		this.position = position;
		this.timestampMillis = timestampMillis;
	}

	/**
	 * The command being applied on this thread, if any. What it returns keeps that
	 * command's values after the command returns.
	 * @return the context, empty outside a command's apply
	 */
	public static Optional<CommandContext> current() {
		Applying applying = APPLYING.get();
		return Optional.ofNullable((applying != null) ? applying.context() : null);
	}

	/**
	 * Log timestamp of the command being applied on this thread.
	 * @return the timestamp, the same on every instance
	 * @throws IllegalStateException when called outside a command's apply
	 */
	public static Instant timestamp() {
		Applying applying = APPLYING.get();
		if (applying == null || applying.command == null) {
			throw new IllegalStateException(
					"CommandContext.timestamp() is only available while a @ReplicatedWrite command is applied");
		}
		return Instant.ofEpochMilli(applying.timestampMillis);
	}

	public CommandDefinition command() {
		return this.command;
	}

	public Position position() {
		return this.position;
	}

	public Instant logTimestamp() {
		return Instant.ofEpochMilli(this.timestampMillis);
	}

	/**
	 * The current thread's record of what it applies, made on its first command.
	 * @return the record, owned by this thread
	 */
	static Applying applyingOnThisThread() {
		Applying applying = APPLYING.get();
		if (applying == null) {
			applying = new Applying(Thread.currentThread());
			APPLYING.set(applying);
		}
		return applying;
	}

	/**
	 * What one thread is applying, if anything. Written and read by its own thread only.
	 */
	static final class Applying {

		private final Thread owner;

		private @Nullable CommandDefinition command;

		private @Nullable Position position;

		private long timestampMillis;

		private Applying(Thread owner) {
			this.owner = owner;
		}

		boolean ownedByThisThread() {
			return this.owner == Thread.currentThread();
		}

		void enter(CommandDefinition command, Position position, long timestampMillis) {
			this.command = command;
			this.position = position;
			this.timestampMillis = timestampMillis;
		}

		void exit() {
			this.command = null;
			this.position = null;
		}

		private @Nullable CommandContext context() {
			CommandDefinition applied = this.command;
			Position at = this.position;
			return (applied != null && at != null) ? new CommandContext(applied, at, this.timestampMillis) : null;
		}

	}

}
