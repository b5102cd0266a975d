package io.replication.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a caller is told when its write is not applied in time, by how far it got. The log
 * is a stand-in that queues, sends or commits on demand.
 */
class CommandDispatcherTests {

	private final PendingInvocations pending = new PendingInvocations();

	private final AtomicReference<LogAppend> lastAppend = new AtomicReference<>();

	private final WriteTimeouts timeouts = new WriteTimeouts(this.pending, Duration.ofMillis(200));

	private final StateDefinition state = CommandIntrospector.introspect("counter", new Counter());

	@AfterEach
	void closeTimeouts() {
		this.timeouts.close();
	}

	@Test
	void writeStillQueuedAtTheDeadlineIsWithdrawnAndRejected() {
		CommandDispatcher dispatcher = dispatcher((record, append) -> this.lastAppend.set(append));
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> add(dispatcher))
			.withMessageContaining("It was not sent, so it is applied nowhere");
		assertThat(this.lastAppend.get().take()).isFalse();
	}

	@Test
	void writeSentButNotConfirmedAtTheDeadlineIsUnknown() {
		CommandDispatcher dispatcher = dispatcher((record, append) -> append.take());
		assertThatExceptionOfType(WriteOutcomeUnknownException.class).isThrownBy(() -> add(dispatcher))
			.withMessageContaining("may still be applied");
	}

	@Test
	void writeInTheLogButNotAppliedHereAtTheDeadlineIsUnknownAndSaysWhere() {
		CommandDispatcher dispatcher = dispatcher((record, append) -> {
			append.take();
			append.committed().complete(new Position("counter", 0, 41));
		});
		assertThatExceptionOfType(WriteOutcomeUnknownException.class).isThrownBy(() -> add(dispatcher))
			.withMessageContaining("in the log at counter-0@41");
	}

	@Test
	void rejectedAppendFailsTheCallAtOnce() {
		CommandDispatcher dispatcher = dispatcher(
				(record, append) -> append.reject(new WriteRejectedException("queue full")));
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> add(dispatcher))
			.withMessage("queue full");
		assertThat(this.pending.size()).isZero();
	}

	@Test
	void asynchronousWriteEndsWithinTheTimeoutOffTheCallersThread() throws Throwable {
		CommandDispatcher dispatcher = dispatcher((record, append) -> this.lastAppend.set(append));
		Object result = dispatcher.dispatch(this.state,
				this.state.command(Counter.class.getMethod("addLater", int.class)), new Object[] { 1 });
		CompletableFuture<?> future = (CompletableFuture<?>) result;
		AtomicReference<String> thread = new AtomicReference<>();
		CompletableFuture<?> chained = future.whenComplete((value, ex) -> thread.set(Thread.currentThread().getName()));
		assertThat(chained).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(WriteRejectedException.class);
		assertThat(thread.get()).startsWith("replication-callback-");
	}

	@Test
	void writeWhoseKeyIsNullIsRejectedBeforeItIsQueued() throws Exception {
		CommandDispatcher dispatcher = dispatcher((record, append) -> this.lastAppend.set(append));
		assertThatExceptionOfType(WriteRejectedException.class)
			.isThrownBy(() -> dispatcher.dispatch(this.state,
					this.state.command(Counter.class.getMethod("deposit", String.class, int.class)),
					new Object[] { null, 1 }))
			.withMessage("Write 'counter.deposit' refused: its key '#account' is null for these arguments; a command "
					+ "needs a key to keep its order with the other commands on that key");
		assertThat(this.lastAppend.get()).isNull();
		assertThat(this.pending.size()).isZero();
	}

	private Object add(CommandDispatcher dispatcher) throws Throwable {
		return dispatcher.dispatch(this.state, this.state.command(Counter.class.getMethod("add", int.class)),
				new Object[] { 1 });
	}

	private CommandDispatcher dispatcher(CommandLog log) {
		Executor callbacks = new WriteCallbacks();
		return new CommandDispatcher("node-1", Role.ACTIVE,
				new JacksonArgumentCodec(tools.jackson.databind.json.JsonMapper.shared()), (name) -> log, this.pending,
				Duration.ofMillis(200), callbacks, ReplicationMetrics.NONE, CommandTracing.NONE, new WriteSessions());
	}

	@ReplicatedState
	public static class Counter {

		@ReplicatedWrite
		public int add(int amount) {
			return amount;
		}

		@ReplicatedWrite
		public CompletableFuture<Integer> addLater(int amount) {
			return CompletableFuture.completedFuture(amount);
		}

		@ReplicatedWrite(key = "#account")
		public int deposit(String account, int amount) {
			return amount;
		}

	}

}
