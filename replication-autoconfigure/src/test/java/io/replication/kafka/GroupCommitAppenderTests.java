package io.replication.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
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
 * The appender's queue: what it refuses at once, and what it never sends. The writer is a
 * recording one; Kafka plays no part in these decisions.
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

	private LogAppend append(int size) {
		LogAppend append = new LogAppend();
		this.appender.append(new CommandRecord("ledger", "deposit", "node-1", UUID.randomUUID(),
				CommandRecord.FORMAT_VERSION, null, new byte[size]), append);
		return append;
	}

	private static Throwable rejection(LogAppend append) {
		Throwable failure = append.committed().handle((position, ex) -> ex).getNow(null);
		assertThat(failure).isInstanceOf(WriteRejectedException.class);
		return failure;
	}

	private static final class RecordingWriter implements LogWriter {

		final LinkedBlockingQueue<LogAppend> sent = new LinkedBlockingQueue<>();

		@Override
		public void initialize() {
		}

		@Override
		public boolean write(List<QueuedWrite> batch) {
			List<LogAppend> taken = new ArrayList<>();
			batch.stream().map(QueuedWrite::append).filter(LogAppend::take).forEach(taken::add);
			this.sent.addAll(taken);
			return false;
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
