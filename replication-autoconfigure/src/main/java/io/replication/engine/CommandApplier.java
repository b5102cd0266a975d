package io.replication.engine;

import java.lang.reflect.InvocationTargetException;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Applies committed commands to their state by calling the state bean's method, and hands
 * the outcome to the call on this instance that wrote the command, if any.
 *
 * @author replication
 */
public final class CommandApplier {

	private static final Log logger = LogFactory.getLog(CommandApplier.class);

	private final String instanceId;

	private final ArgumentCodec codec;

	private final PendingInvocations pending;

	private final ReplicationMetrics metrics;

	private final CommandTracing tracing;

	private final boolean timed;

	/**
	 * Create an applier.
	 * @param instanceId id of this instance: outcomes of its own commands go to their
	 * callers
	 * @param codec decodes the arguments
	 * @param pending calls waiting for their command to be applied
	 * @param metrics receives apply times
	 * @param tracing traces each apply
	 */
	public CommandApplier(String instanceId, ArgumentCodec codec, PendingInvocations pending,
			ReplicationMetrics metrics, CommandTracing tracing) {
		this.instanceId = instanceId;
		this.codec = codec;
		this.pending = pending;
		this.metrics = metrics;
		this.tracing = tracing;
		this.timed = metrics.recordsTimes();
	}

	/**
	 * Apply one committed command. An exception thrown by the method is an outcome like a
	 * return value: it goes to the writer's caller and the log moves on.
	 * @param state the state the record belongs to
	 * @param record the command
	 * @param position where the command sits in the log
	 * @param timestamp the command's log timestamp
	 * @return the outcome, to {@link CommandOutcome#deliver() deliver} once the position
	 * is recorded
	 * @throws UnreadableCommandException if the record cannot be applied; nothing was
	 * applied
	 * @throws CommandCrashedException if the command threw an {@link Error}: its change
	 * may be half done
	 */
	public CommandOutcome apply(StateDefinition state, CommandRecord record, Position position, Instant timestamp) {
		return apply(state, record, position, timestamp.toEpochMilli(), new LastCommand());
	}

	/**
	 * Apply one command of a run that one thread applies in order, such as a poll's
	 * records: the command of the record before is found again without a lookup when this
	 * record repeats its names.
	 * @param state the state the record belongs to
	 * @param record the command
	 * @param position where the command sits in the log
	 * @param timestampMillis the command's log timestamp, in epoch milliseconds
	 * @param last the command the run's record before resolved to, updated to this one's
	 * @return the outcome, to {@link CommandOutcome#deliver() deliver} once the position
	 * is recorded
	 * @throws UnreadableCommandException if the record cannot be applied; nothing was
	 * applied
	 * @throws CommandCrashedException if the command threw an {@link Error}: its change
	 * may be half done
	 */
	public CommandOutcome apply(StateDefinition state, CommandRecord record, Position position, long timestampMillis,
			LastCommand last) {
		CommandDefinition command = last.resolve(state, record);
		@Nullable Object[] arguments = this.codec.decode(command, record.arguments());
		CommandContext.Applying context = last.applying();
		Object result = null;
		Throwable failure = null;
		long start = this.timed ? System.nanoTime() : 0;
		CommandTracing.TracedApply traced = this.tracing.apply(record, position);
		StateLock lock = state.lock();
		context.enter(command, position, timestampMillis);
		lock.beginApply();
		try {
			result = command.method().invoke(state.target(), arguments);
		}
		catch (InvocationTargetException ex) {
			failure = ex.getTargetException();
			if (failure instanceof Error error) {
				throw new CommandCrashedException(command.name(), error);
			}
		}
		catch (IllegalAccessException | IllegalArgumentException ex) {
			failure = ex;
			throw new UnreadableCommandException("command '" + command.name() + "' cannot be invoked: " + ex, ex);
		}
		finally {
			lock.endApply();
			context.exit();
			traced.end(failure);
		}
		if (this.timed) {
			this.metrics.commandApplied(state.name(), System.nanoTime() - start);
		}
		if (failure != null && logger.isDebugEnabled()) {
			logger.debug("Command '" + command.name() + "' at " + position + " threw " + failure);
		}
		if (!this.instanceId.equals(record.origin())) {
			return () -> {
			};
		}
		Object value = result;
		Throwable thrown = failure;
		return () -> deliver(record, command, position, value, thrown);
	}

	private void deliver(CommandRecord record, CommandDefinition command, Position position, @Nullable Object result,
			@Nullable Throwable failure) {
		if (failure == null && command.asynchronous() && result instanceof CompletionStage<?> stage) {
			if (stage instanceof CompletableFuture<?> future && future.isDone()) {
				// Most asynchronous methods return a completed future: read it
				// here rather than chain a stage on it.
				deliverDone(record, position, future);
				return;
			}
			this.pending.applied(record.invocationId(), position);
			stage.whenComplete((value, error) -> {
				if (error != null) {
					this.pending.fail(record.invocationId(), unwrap(error));
				}
				else {
					this.pending.complete(record.invocationId(), value);
				}
			});
			return;
		}
		this.pending.applied(record.invocationId(), position, result, failure);
	}

	private void deliverDone(CommandRecord record, Position position, CompletableFuture<?> future) {
		Object value;
		try {
			value = future.join();
		}
		catch (CompletionException | CancellationException ex) {
			this.pending.applied(record.invocationId(), position, null, unwrap(ex));
			return;
		}
		this.pending.applied(record.invocationId(), position, value, null);
	}

	private static Throwable unwrap(Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	/**
	 * The command one thread last resolved a record to, with the state and the name
	 * strings it resolved it from. The envelope decoder hands back the same strings while
	 * names repeat, so the next record with the same names takes the same command after
	 * comparing references, without hashing its name. It keeps the thread's
	 * {@link CommandContext} record too, so a command's context costs no thread-local
	 * lookup. Confined to one thread: each run of records has its own, so apply threads
	 * never write to a shared one.
	 */
	public static final class LastCommand {

		private @Nullable StateDefinition state;

		private @Nullable String stateName;

		private @Nullable String commandName;

		private @Nullable CommandDefinition command;

		private CommandContext.@Nullable Applying applying;

		/**
		 * What the current thread is applying, kept for the run: a run moved to another
		 * thread takes that thread's.
		 */
		CommandContext.Applying applying() {
			CommandContext.Applying known = this.applying;
			if (known == null || !known.ownedByThisThread()) {
				known = CommandContext.applyingOnThisThread();
				this.applying = known;
			}
			return known;
		}

		CommandDefinition resolve(StateDefinition state, CommandRecord record) {
			CommandDefinition known = this.command;
			if (known != null && this.state == state && this.stateName == record.state()
					&& this.commandName == record.command() && record.formatVersion() <= CommandRecord.FORMAT_VERSION) {
				return known;
			}
			if (record.formatVersion() > CommandRecord.FORMAT_VERSION) {
				throw UnreadableCommandException.newerFormat(record.formatVersion(), CommandRecord.FORMAT_VERSION);
			}
			if (!state.name().equals(record.state())) {
				throw new UnreadableCommandException("record names state '" + record.state() + "'");
			}
			CommandDefinition command = state.command(record.command());
			if (command == null) {
				throw new UnreadableCommandException("unknown command '" + record.command() + "'");
			}
			this.state = state;
			this.stateName = record.state();
			this.commandName = record.command();
			this.command = command;
			return command;
		}

	}

}
