package io.replication.engine;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.replication.ReplicationException;
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

	private final ReplicationMetrics metrics;

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
	 * @param writeTimeout how long a blocking caller waits for its command to be applied
	 * @param metrics receives the write latency
	 */
	public CommandDispatcher(String instanceId, Role role, ArgumentCodec codec, Function<String, CommandLog> logs,
			PendingInvocations pending, Duration writeTimeout, ReplicationMetrics metrics) {
		this.instanceId = instanceId;
		this.role = role;
		this.codec = codec;
		this.logs = logs;
		this.pending = pending;
		this.writeTimeout = writeTimeout;
		this.metrics = metrics;
	}

	/**
	 * Replicate one call.
	 * @param state the state called
	 * @param command the command called
	 * @param arguments the call's arguments
	 * @return the method's return value once applied here; for asynchronous commands a
	 * future of it
	 * @throws Throwable what the method threw when applied, or a
	 * {@link ReplicationException} when the write failed or was refused
	 */
	public @Nullable Object dispatch(StateDefinition state, CommandDefinition command, @Nullable Object[] arguments)
			throws Throwable {
		refuseIfNotWritable(command);
		long start = System.nanoTime();
		CommandRecord record = new CommandRecord(state.name(), command.name(), this.instanceId, nextInvocationId(),
				CommandRecord.FORMAT_VERSION, key(command, arguments), this.codec.encode(command, arguments));
		CompletableFuture<@Nullable Object> outcome = this.pending.register(record.invocationId());
		outcome.whenComplete((result, failure) -> this.metrics.writeCompleted(state.name(), System.nanoTime() - start,
				(failure instanceof ReplicationException) ? failure : null));
		this.logs.apply(state.name()).append(record).whenComplete((position, failure) -> {
			if (failure != null) {
				this.pending.fail(record.invocationId(), appendFailed(command, failure));
			}
		});
		return command.asynchronous() ? outcome.copy() : await(record, command, outcome);
	}

	private void refuseIfNotWritable(CommandDefinition command) {
		if (this.role == Role.REPLICA) {
			throw new ReplicationException("Write '" + command.state() + "." + command.name() + "' refused: instance '"
					+ this.instanceId + "' runs with replication.role=replica; send writes to an active instance");
		}
		CommandContext.current().ifPresent((applying) -> {
			throw new ReplicationException("Write '" + command.state() + "." + command.name()
					+ "' refused: it was called while applying command '" + applying.command().name() + "' at "
					+ applying.position() + ", and every instance would publish it again. "
					+ "Call plain methods from within a command, not replicated writes");
		});
	}

	private @Nullable String key(CommandDefinition command, @Nullable Object[] arguments) {
		CommandKey key = command.key();
		return (key != null) ? key.evaluate(command.method(), arguments) : null;
	}

	private UUID nextInvocationId() {
		return new UUID(this.invocationPrefix, this.invocationCounter.incrementAndGet());
	}

	private @Nullable Object await(CommandRecord record, CommandDefinition command,
			CompletableFuture<@Nullable Object> outcome) throws Throwable {
		try {
			return outcome.get(this.writeTimeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw Objects.requireNonNull(ex.getCause());
		}
		catch (TimeoutException ex) {
			this.pending.forget(record.invocationId());
			throw new ReplicationException(
					"Write '" + command.state() + "." + command.name() + "' was not applied on this instance within "
							+ this.writeTimeout + " (replication.write-timeout); it may still be applied later");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.pending.forget(record.invocationId());
			throw new ReplicationException("Interrupted while waiting for write '" + command.state() + "."
					+ command.name() + "' to be applied; it may still be applied", ex);
		}
	}

	private static ReplicationException appendFailed(CommandDefinition command, Throwable failure) {
		if (failure instanceof ReplicationException replicationException) {
			return replicationException;
		}
		return new ReplicationException(
				"Write '" + command.state() + "." + command.name() + "' could not be appended to the log: " + failure,
				failure);
	}

}
