package io.replication.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.replication.engine.LogAppend;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bounded queue of a state's writes and its batches, without a broker.
 */
class WriteQueueTests {

	@Test
	void batchTakesEveryWriteQueuedMeanwhileUpToMaxBatchInQueueOrder() throws InterruptedException {
		WriteQueue queue = new WriteQueue(new GroupCommitSettings(3, Duration.ZERO, 10, 1000));
		List<QueuedWrite> writes = List.of(write(), write(), write(), write(), write());
		writes.forEach((write) -> assertThat(queue.offer(write)).isTrue());
		List<QueuedWrite> batch = new ArrayList<>();
		assertThat(queue.takeBatch(batch)).isTrue();
		assertThat(batch).containsExactlyElementsOf(writes.subList(0, 3));
		batch.clear();
		assertThat(queue.takeBatch(batch)).isTrue();
		assertThat(batch).containsExactlyElementsOf(writes.subList(3, 5));
	}

	@Test
	void writeBeyondMaxQueuedIsRefused() {
		WriteQueue queue = new WriteQueue(new GroupCommitSettings(3, Duration.ZERO, 2, 1000));
		assertThat(queue.offer(write())).isTrue();
		assertThat(queue.offer(write())).isTrue();
		assertThat(queue.offer(write())).isFalse();
		assertThat(queue.size()).isEqualTo(2);
	}

	@Test
	@Timeout(5)
	void stopEndsTheTakerOnceTheWritesBeforeItAreTaken() throws InterruptedException {
		WriteQueue queue = new WriteQueue(new GroupCommitSettings(3, Duration.ofSeconds(30), 2, 1000));
		QueuedWrite write = write();
		queue.offer(write);
		queue.stop();
		List<QueuedWrite> batch = new ArrayList<>();
		// The stop signal also ends the wait for more writes: no 30 s wait.
		assertThat(queue.takeBatch(batch)).isTrue();
		assertThat(batch).containsExactly(write);
		batch.clear();
		assertThat(queue.takeBatch(batch)).isFalse();
		assertThat(batch).isEmpty();
	}

	@Test
	void stopIsQueuedEvenWhenTheQueueIsFull() throws InterruptedException {
		WriteQueue queue = new WriteQueue(new GroupCommitSettings(5, Duration.ZERO, 1, 1000));
		queue.offer(write());
		queue.stop();
		List<QueuedWrite> batch = new ArrayList<>();
		assertThat(queue.takeBatch(batch)).isTrue();
		assertThat(queue.takeBatch(new ArrayList<>())).isFalse();
	}

	private static QueuedWrite write() {
		return new QueuedWrite(new ProducerRecord<>("replication.ledger", new byte[] { 1 }), new LogAppend());
	}

}
