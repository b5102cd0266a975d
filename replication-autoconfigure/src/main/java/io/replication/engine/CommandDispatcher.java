package io.replication.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.replication.ReplicationException;
import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;
import org.jspecify.annotations.Nullable;

/**
 * Turns a call to a {@code @ReplicatedWrite} method into a command appended to the log,
 * then waits until this instance has applied it and returns its outcome.
 *
 * @author replication
 */
public final class CommandDispatcher {

	private final String instanceId;

	private final Role role;

	private final ArgumentCodec codec;

	private final Function<String, CommandLog> logs;

	private final PendingInvocations pending;

	private final Duration writeTimeout;

	private final Executor callbacks;

	private final ReplicationMetrics metrics;

	private final boolean timed;

	private final CommandTracing tracing;

	private final WriteSessions sessions;

	private final String timedOut;

	// Invocation ids: random per process, then counted; unique without SecureRandom per
	// call.
	private final long invocationPrefix = ThreadLocalRandom.current().nextLong();

	private final AtomicLong invocationCounter = new AtomicLong();

	/**
	 * Create a dispatcher.
	 * @param instanceId id of this instance, the origin of its records
	 * @param role whether this instance takes writes
	 * @param codec encodes the arguments
	 * @param logs the log of each state, by state name
	 * @param pending calls waiting for their command to be applied
	 * @param writeTimeout how long a caller waits for its command to be applied
	 * @param callbacks completes the futures of asynchronous writes, off the apply thread
	 * @param metrics receives the write latency
	 * @param tracing traces each write
	 * @param sessions the callers' write sessions, told where each write landed
	 */
	public CommandDispatcher(String instanceId, Role role, ArgumentCodec codec, Function<String, CommandLog> logs,
			PendingInvocations pending, Duration writeTimeout, Executor callbacks, ReplicationMetrics metrics,
			CommandTracing tracing, WriteSessions sessions) {
		this.instanceId = instanceId;
		this.role = role;
		this.codec = codec;
		this.logs = logs;
		this.pending = pending;
		this.writeTimeout = writeTimeout;
		this.callbacks = callbacks;
		this.metrics = metrics;
		this.timed = metrics.recordsTimes();
		this.tracing = tracing;
		this.sessions = sessions;
		this.timedOut = WriteFailures.timedOut(writeTimeout);
	}

	/**
	 * Replicate one call.
	 * @param state the state called
	 * @param command the command called
	 * @param arguments the call's arguments
	 * @return the method's return value once applied here; for asynchronous commands a
	 * future of it
	 * @throws Throwable what the method threw when applied, a
	 * {@link WriteRejectedException} when the write is certainly applied nowhere, or a
	 * {@link WriteOutcomeUnknownException} when that is not known
	 */
	public @Nullable Object dispatch(StateDefinition state, CommandDefinition command, @Nullable Object[] arguments)
			throws Throwable {
		refuseIfNotWritable(command);
		long start = System.nanoTime();
		String key = key(command, arguments);
		byte[] encoded = encode(command, arguments);
		CommandTracing.TracedWrite traced = this.tracing.write(state.name(), command.name());
		CommandRecord record = new CommandRecord(state.name(), command.name(), this.instanceId, nextInvocationId(),
				CommandRecord.FORMAT_VERSION, key, encoded, traced.context());
		long deadline = start + this.writeTimeout.toNanos();
		LogAppend append = new LogAppend();
		if (command.asynchronous()) {
			ReplicatedFuture<@Nullable Object> future = new ReplicatedFuture<>(append.committed());
			append(state, command, record,
					PendingWrite.asynchronous(state.name(), command.name(), record.invocationId(), append, future,
							deadline, this.sessions.current(), this.callbacks,
							(failure) -> ended(state, start, traced, failure)));
			return future;
		}
		PendingWrite write = append(state, command, record, PendingWrite.blocking(state.name(), command.name(),
				record.invocationId(), append, deadline, this.sessions.current()));
		Throwable failure = null;
		try {
			return await(write);
		}
		catch (Throwable ex) {
			failure = ex;
			throw ex;
		}
		finally {
			// Measured here rather than where the outcome is decided: often the apply
			// thread, which has the next command to apply.
			ended(state, start, traced, failure);
		}
	}

	private PendingWrite append(StateDefinition state, CommandDefinition command, CommandRecord record,
			PendingWrite write) {
		this.pending.register(write);
		write.append().committed().whenComplete((position, failure) -> {
			if (failure != null) {
				this.pending.fail(record.invocationId(), appendFailed(command, failure));
			}
		});
		this.logs.apply(state.name()).append(record, write.append());
		return write;
	}

	private void ended(StateDefinition state, long start, CommandTracing.TracedWrite traced,
			@Nullable Throwable failure) {
		if (this.timed) {
			this.metrics.writeCompleted(state.name(), System.nanoTime() - start,
					(failure instanceof ReplicationException) ? failure : null);
		}
		traced.end(failure);
	}

	private void refuseIfNotWritable(CommandDefinition command) {
		if (this.role == Role.REPLICA) {
			throw new WriteRejectedException(
					"Write '" + command.state() + "." + command.name() + "' refused: instance '" + this.instanceId
							+ "' runs with replication.role=replica; send writes to an active instance");
		}
		CommandContext.current().ifPresent((applying) -> {
			throw new WriteRejectedException("Write '" + command.state() + "." + command.name()
					+ "' refused: it was called while applying command '" + applying.command().name() + "' at "
					+ applying.position() + ", and every instance would publish it again. "
					+ "Call plain methods from within a command, not replicated writes");
		});
	}

	private @Nullable String key(CommandDefinition command, @Nullable Object[] arguments) {
		CommandKey key = command.key();
		if (key == null) {
			return null;
		}
		String value = key.evaluate(command.method(), arguments);
		if (value == null) {
			// Kafka would send a record without a key to any partition: its key's order
			// would be lost.
			throw new WriteRejectedException("Write '" + command.state() + "." + command.name() + "' refused: its key '"
					+ key + "' is null for these arguments; a command needs a key to "
					+ "keep its order with the other commands on that key");
		}
		return value;
	}

	private byte[] encode(CommandDefinition command, @Nullable Object[] arguments) {
		try {
			return this.codec.encode(command, arguments);
		}
		catch (RuntimeException ex) {
			// Nothing was appended: the caller learns that, not a codec's exception.
			throw new WriteRejectedException(
					"Write '" + command.state() + "." + command.name() + "' refused: " + ex.getMessage(), ex);
		}
	}

	private UUID nextInvocationId() {
		return new UUID(this.invocationPrefix, this.invocationCounter.incrementAndGet());
	}

	private @Nullable Object await(PendingWrite write) throws Throwable {
		try {
			return write.outcome().get(this.writeTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw Objects.requireNonNull(ex.getCause());
		}
		catch (TimeoutException ex) {
			return outcomeAfterDeadline(write, this.timedOut);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return outcomeAfterDeadline(write, "was interrupted while waiting to be applied");
		}
	}

	// The applier may be delivering the outcome just now; whoever removes the call first
	// decides it, and completes it at once.
	private @Nullable Object outcomeAfterDeadline(PendingWrite write, String why) throws Throwable {
		this.pending.fail(write.invocationId(), (waiting) -> WriteFailures.stoppedWaiting(waiting, why));
		try {
			return write.outcome().join();
		}
		catch (CompletionException ex) {
			throw Objects.requireNonNull(ex.getCause());
		}
	}

	private static ReplicationException appendFailed(CommandDefinition command, Throwable failure) {
		if (failure instanceof ReplicationException replicationException) {
			return replicationException;
		}
		return new WriteOutcomeUnknownException(
				"Write '" + command.state() + "." + command.name() + "' could not be appended to the log: " + failure,
				failure);
	}

}
