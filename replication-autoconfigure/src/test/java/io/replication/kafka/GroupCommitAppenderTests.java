package io.replication.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.replication.WriteRejectedException;
import io.replication.engine.CommandRecord;
import io.replication.engine.LogAppend;
import io.replication.engine.Position;
import io.replication.status.StateHalt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The appender's queue: what it refuses at once, what it never sends, and when a waiting
 * caller sends its own write. The writer is a recording one; Kafka plays no part in these
 * decisions.
 */
class GroupCommitAppenderTests {

	private final RecordingWriter writer = new RecordingWriter();

	private final List<String> refusals = new CopyOnWriteArrayList<>();

	private final GroupCommitAppender appender = new GroupCommitAppender("ledger", "replication.ledger",
			KeyPartitioner.of(new TopicSpec("ledger", "replication.ledger", 1, null, null, false, null)), this.writer,
			new GroupCommitSettings(10, Duration.ZERO, 2, 200), Duration.ofSeconds(1), new CommandRecordCodec(),
			this.refusals::add, "another process");

	@AfterEach
	void stop() {
		this.appender.stop();
	}

	@Test
	void fullQueueRejectsAtOnceAndAlone() {
		this.appender.start();
		LogAppend first = append(10);
		LogAppend second = append(10);
		LogAppend third = append(10);
		assertThat(first.committed()).isNotDone();
		assertThat(second.committed()).isNotDone();
		assertThat(rejection(third)).hasMessageContaining("replication.group-commit.max-queued");
	}

	@Test
	void oversizedWriteIsRejectedAloneWhenQueued() {
		this.appender.start();
		LogAppend large = append(500);
		LogAppend small = append(10);
		assertThat(rejection(large)).hasMessageContaining("more than the 200 bytes");
		assertThat(small.committed()).isNotDone();
	}

	@Test
	void withdrawnWriteIsNeverSent() throws InterruptedException {
		this.appender.start();
		LogAppend withdrawn = append(10);
		LogAppend kept = append(10);
		assertThat(withdrawn.withdraw()).isTrue();
		this.appender.joined();
		assertThat(this.writer.sent.poll(10, TimeUnit.SECONDS)).isSameAs(kept);
		assertThat(this.writer.sent.poll(200, TimeUnit.MILLISECONDS)).isNull();
	}

	@Test
	void haltedStateRejectsWritesAtOnceAndSaysSoOnce() {
		this.appender.start();
		StateHalt halt = new StateHalt(new Position("ledger", 0, 7), "unknown command 'x'", Instant.now());
		this.appender.halt(halt);
		this.appender.halt(halt);
		assertThat(this.refusals).singleElement().asString().contains("halted at ledger-0@7");
		assertThat(rejection(append(10))).hasMessageContaining("halted at ledger-0@7");
	}

	@Test
	void stoppedAppenderRejectsWrites() {
		this.appender.start();
		this.appender.stop();
		assertThat(rejection(append(10))).hasMessageContaining("replication is not running");
	}

	@Test
	void waitingCallerSendsItsWriteInItsOwnThreadWhenNothingIsQueued() throws InterruptedException {
		this.writer.sendsNow = true;
		this.appender.start();
		this.appender.joined();
		awaitReady(this.appender);
		LogAppend waiting = appendWaiting();
		assertThat(this.writer.sent.poll(10, TimeUnit.SECONDS)).isSameAs(waiting);
		assertThat(this.writer.senders.get(waiting)).isSameAs(Thread.currentThread());
	}

	@Test
	void waitingCallersWriteQueuesBehindWritesNotSentYet() throws InterruptedException {
		this.writer.sendsNow = true;
		// The appender's thread waits up to 2 s for more writes after the first: it holds
		// a
		// write and is not sending it yet.
		GroupCommitAppender waitsForMore = new GroupCommitAppender("ledger", "replication.ledger",
				KeyPartitioner.of(new TopicSpec("ledger", "replication.ledger", 1, null, null, false, null)),
				this.writer, new GroupCommitSettings(10, Duration.ofSeconds(2), 10, 200), Duration.ofSeconds(1),
				new CommandRecordCodec(), this.refusals::add, "another process");
		try {
			waitsForMore.start();
			waitsForMore.joined();
			awaitReady(waitsForMore);
			LogAppend queued = new LogAppend();
			waitsForMore.append(record(10), queued);
			LogAppend waiting = new LogAppend();
			waitsForMore.appendWaiting(record(10), waiting);
			assertThat(this.writer.sent.poll(10, TimeUnit.SECONDS)).isSameAs(queued);
			assertThat(this.writer.sent.poll(10, TimeUnit.SECONDS)).isSameAs(waiting);
			assertThat(this.writer.senders.get(waiting)).isNotSameAs(Thread.currentThread());
		}
		finally {
			waitsForMore.stop();
		}
	}

	@Test
	void waitingCallersWriteQueuesBehindTheBatchBeingSent() throws InterruptedException {
		this.writer.sendsNow = true;
		this.writer.held = new CountDownLatch(1);
		this.appender.start();
		this.appender.joined();
		awaitReady(this.appender);
		LogAppend first = append(10);
		assertThat(this.writer.writing.tryAcquire(10, TimeUnit.SECONDS)).isTrue();
		LogAppend waiting = appendWaiting();
		assertThat(this.writer.sent).isEmpty();
		this.writer.held.countDown();
		assertThat(this.writer.sent.poll(10, TimeUnit.SECONDS)).isSameAs(first);
		assertThat(this.writer.sent.poll(10, TimeUnit.SECONDS)).isSameAs(waiting);
	}

	@Test
	void waitingCallersWriteIsQueuedUntilTheWriterIsReady() throws InterruptedException {
		this.writer.sendsNow = true;
		this.appender.start();
		LogAppend waiting = appendWaiting();
		assertThat(this.writer.sent).isEmpty();
		this.appender.joined();
		assertThat(this.writer.sent.poll(10, TimeUnit.SECONDS)).isSameAs(waiting);
		assertThat(this.writer.senders.get(waiting)).isNotSameAs(Thread.currentThread());
	}

	private static void awaitReady(GroupCommitAppender appender) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!appender.ready() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		assertThat(appender.ready()).isTrue();
	}

	private LogAppend append(int size) {
		LogAppend append = new LogAppend();
		this.appender.append(record(size), append);
		return append;
	}

	private LogAppend appendWaiting() {
		LogAppend append = new LogAppend();
		this.appender.appendWaiting(record(10), append);
		return append;
	}

	private static CommandRecord record(int size) {
		return new CommandRecord("ledger", "deposit", "node-1", UUID.randomUUID(), CommandRecord.FORMAT_VERSION, null,
				new byte[size]);
	}

	private static Throwable rejection(LogAppend append) {
		Throwable failure = append.committed().handle((position, ex) -> ex).getNow(null);
		assertThat(failure).isInstanceOf(WriteRejectedException.class);
		return failure;
	}

	private static final class RecordingWriter implements LogWriter {

		final LinkedBlockingQueue<LogAppend> sent = new LinkedBlockingQueue<>();

		final Map<LogAppend, Thread> senders = new ConcurrentHashMap<>();

		// A permit each time the appender's thread hands it a batch.
		final Semaphore writing = new Semaphore(0);

		// Whether it sends single writes at once, as the idempotent writer does.
		volatile boolean sendsNow;

		// Batches wait for it before they are sent.
		volatile CountDownLatch held = new CountDownLatch(0);

		@Override
		public void initialize() {
		}

		@Override
		public boolean write(List<QueuedWrite> batch) throws InterruptedException {
			this.writing.release();
			this.held.await();
			batch.forEach(this::send);
			return false;
		}

		@Override
		public boolean writeNow(QueuedWrite write) {
			if (!this.sendsNow) {
				return false;
			}
			send(write);
			return true;
		}

		private void send(QueuedWrite write) {
			if (write.append().take()) {
				this.senders.put(write.append(), Thread.currentThread());
				this.sent.add(write.append());
			}
		}

		@Override
		public void recover() {
		}

		@Override
		public boolean fenced() {
			return false;
		}

		@Override
		public void close() {
		}

	}

}
