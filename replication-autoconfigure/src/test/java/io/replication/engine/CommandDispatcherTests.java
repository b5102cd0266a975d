package io.replication.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

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

	private final Counter counter = new Counter();

	private final StateDefinition state = CommandIntrospector.introspect("counter", this.counter);

	private final JacksonArgumentCodec codec = new JacksonArgumentCodec(JsonMapper.shared());

	private final WriteCallbacks callbacks = new WriteCallbacks();

	private final WriteSessions sessions = new WriteSessions();

	@AfterEach
	void close() {
		this.timeouts.close();
		this.callbacks.close();
	}

	@Test
	void writeStillQueuedAtTheDeadlineIsWithdrawnAndRejected() {
		CommandDispatcher dispatcher = dispatcher((record, append) -> this.lastAppend.set(append));
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(() -> add(dispatcher))
			.withMessageContaining("It was not sent, so it is applied nowhere");
		assertThat(this.lastAppend.get().take()).isFalse();
	}

	@Test
	void writeStillQueuedIsRejectedWhicheverOfCallerAndSweeperStopsItFirst() throws Exception {
		// With a deadline of a few milliseconds and a sweep every millisecond, the
		// caller's own wait and the sweeper often reach a write at once: whichever of
		// them withdraws it, the caller must learn that it was not sent.
		Duration writeTimeout = Duration.ofMillis(5);
		try (WriteTimeouts sweeper = new WriteTimeouts(this.pending, writeTimeout)) {
			CommandDispatcher dispatcher = new CommandDispatcher("node-1", Role.ACTIVE, this.codec,
					(name) -> (record, append) -> {
					}, this.pending, writeTimeout, this.callbacks, ReplicationMetrics.NONE, CommandTracing.NONE,
					this.sessions);
			for (int i = 0; i < 300; i++) {
				assertThatExceptionOfType(WriteRejectedException.class).as("write %d", i)
					.isThrownBy(() -> add(dispatcher))
					.withMessageContaining("It was not sent, so it is applied nowhere");
			}
		}
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
	void asynchronousWriteIsInItsCallersSessionAndMeasuredBeforeItsFutureCompletesOffTheApplyThread() throws Throwable {
		List<String> measured = new CopyOnWriteArrayList<>();
		AtomicReference<CommandRecord> appended = new AtomicReference<>();
		CommandDispatcher dispatcher = dispatcher((record, append) -> {
			appended.set(record);
			this.lastAppend.set(append);
		}, measuring(measured));
		WriteSession session = this.sessions.current();
		CompletableFuture<?> future = (CompletableFuture<?>) dispatcher.dispatch(this.state,
				this.state.command(Counter.class.getMethod("addLater", int.class)), new Object[] { 2 });
		CompletableFuture<String> seen = future.thenApply((value) -> value + " on " + Thread.currentThread().getName()
				+ " at " + session.written().toHeader() + " measured " + measured);
		applyInTheLog(appended.get(), this.lastAppend.get(), 7);
		assertThat(seen).succeedsWithin(Duration.ofSeconds(5))
			.asString()
			.matches("2 on replication-callback-\\d+ at counter:0=8 measured \\[counter ok]");
	}

	@Test
	void asynchronousWriteWhoseFutureCompletesLaterGetsItsOutcome() throws Throwable {
		CompletableFuture<Integer> later = new CompletableFuture<>();
		this.counter.later = later;
		CommandDispatcher dispatcher = dispatcher((record, append) -> applyInTheLog(record, append, 3));
		CompletableFuture<?> future = (CompletableFuture<?>) dispatcher.dispatch(this.state,
				this.state.command(Counter.class.getMethod("addLater", int.class)), new Object[] { 2 });
		assertThat(future).isNotDone();
		later.completeExceptionally(new IllegalStateException("overdrawn"));
		assertThat(future).failsWithin(Duration.ofSeconds(5))
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("overdrawn");
		assertThat(this.pending.size()).isZero();
	}

	@Test
	void blockingWriteIsInItsCallersSessionAndMeasuredOnceItReturns() throws Throwable {
		List<String> measured = new CopyOnWriteArrayList<>();
		CommandDispatcher dispatcher = dispatcher((record, append) -> applyInTheLog(record, append, 4),
				measuring(measured));
		assertThat(add(dispatcher)).isEqualTo(1);
		assertThat(this.sessions.current().written().toHeader()).isEqualTo("counter:0=5");
		assertThat(measured).containsExactly("counter ok");
		assertThatExceptionOfType(WriteRejectedException.class).isThrownBy(
				() -> add(dispatcher((record, append) -> append.reject(new WriteRejectedException("queue full")),
						measuring(measured))));
		assertThat(measured).containsExactly("counter ok", "counter WriteRejectedException");
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
		return dispatcher(log, ReplicationMetrics.NONE);
	}

	private CommandDispatcher dispatcher(CommandLog log, ReplicationMetrics metrics) {
		return new CommandDispatcher("node-1", Role.ACTIVE, this.codec, (name) -> log, this.pending,
				Duration.ofMillis(200), this.callbacks, metrics, CommandTracing.NONE, this.sessions);
	}

	// What the appender and the apply thread would do: commit the command at an offset,
	// then apply it on another thread and hand its outcome over.
	private void applyInTheLog(CommandRecord record, LogAppend append, long offset) {
		append.take();
		Position position = new Position("counter", 0, offset);
		append.committed().complete(position);
		CommandApplier applier = new CommandApplier("node-1", this.codec, this.pending, ReplicationMetrics.NONE,
				CommandTracing.NONE);
		Thread applying = new Thread(() -> applier.apply(this.state, record, position, Instant.now()).deliver(),
				"replication-apply-test");
		applying.start();
	}

	private static ReplicationMetrics measuring(List<String> measured) {
		return new ReplicationMetrics() {

			@Override
			public void writeCompleted(String state, long nanos, @Nullable Throwable failure) {
				measured.add(state + " " + ((failure != null) ? failure.getClass().getSimpleName() : "ok"));
			}

		};
	}

	@ReplicatedState
	public static class Counter {

		@ReplicatedWrite
		public int add(int amount) {
			return amount;
		}

		volatile @Nullable CompletableFuture<Integer> later;

		@ReplicatedWrite
		public CompletableFuture<Integer> addLater(int amount) {
			CompletableFuture<Integer> result = this.later;
			return (result != null) ? result : CompletableFuture.completedFuture(amount);
		}

		@ReplicatedWrite(key = "#account")
		public int deposit(String account, int amount) {
			return amount;
		}

	}

}
