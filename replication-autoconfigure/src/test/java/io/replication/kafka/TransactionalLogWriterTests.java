package io.replication.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.replication.WriteRejectedException;
import io.replication.engine.LogAppend;
import io.replication.engine.ReplicationMetrics;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.ProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transactional writer's decisions, over Kafka's {@link MockProducer}.
 */
class TransactionalLogWriterTests {

	private final List<MockProducer<String, byte[]>> created = new CopyOnWriteArrayList<>();

	private final List<LogAppend> resolved = new ArrayList<>();

	private final AtomicInteger commitTimeouts = new AtomicInteger();

	// The next commit fails with it, once.
	private final AtomicReference<RuntimeException> commitFailure = new AtomicReference<>();

	// The first producer's commits wait for it, when set.
	private volatile CountDownLatch firstProducersCommits;

	private final List<String> listened = new ArrayList<>();

	private final ReplicationProducerFactory factory = new ReplicationProducerFactory("test", Map.of()) {

		@Override
		protected Producer<String, byte[]> createRawProducer(Map<String, Object> rawConfigs) {
			return producer();
		}

	};

	private final TransactionalLogWriter writer = new TransactionalLogWriter("ledger",
			new TransactionalProducers("tx-", this.factory), this.resolved::addAll, ReplicationMetrics.NONE, null);

	TransactionalLogWriterTests() {
		this.factory.addListener(new ProducerFactory.Listener<>() {

			@Override
			public void producerAdded(String id, Producer<String, byte[]> producer) {
				TransactionalLogWriterTests.this.listened.add("added");
			}

			@Override
			public void producerRemoved(String id, Producer<String, byte[]> producer) {
				TransactionalLogWriterTests.this.listened.add("removed");
			}

		});
	}

	@Test
	void committedBatchCompletesEveryAppendWithItsPosition() throws InterruptedException {
		this.writer.initialize();
		List<QueuedWrite> batch = List.of(write(), write());
		assertThat(this.writer.write(batch)).isFalse();
		assertThat(this.writer.settle()).isFalse();
		assertThat(batch).allSatisfy((write) -> assertThat(write.append().committed()).isCompleted());
		assertThat(this.created.get(0).transactionCommitted()).isTrue();
	}

	@Test
	void commitThatTimesOutIsRetriedRatherThanReportedAsFailed() throws InterruptedException {
		this.commitTimeouts.set(2);
		this.writer.initialize();
		QueuedWrite write = write();
		assertThat(this.writer.write(List.of(write))).isFalse();
		assertThat(this.writer.settle()).isFalse();
		assertThat(write.append().committed()).isCompleted();
		assertThat(this.created.get(0).commitCount()).isEqualTo(1);
	}

	@Test
	void abortableErrorAbortsTheTransactionAndRejectsItsWrites() throws InterruptedException {
		this.commitFailure.set(new KafkaException("a send of the transaction failed"));
		this.writer.initialize();
		QueuedWrite write = write();
		assertThat(this.writer.write(List.of(write))).isFalse();
		assertThat(this.writer.settle()).isFalse();
		assertThat(this.created.get(0).transactionAborted()).isTrue();
		assertThat(write.append().committed()).failsWithin(java.time.Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(WriteRejectedException.class)
			.withMessageContaining("aborted, so it is applied nowhere");
	}

	@Test
	void fatalErrorLeavesTheOutcomeToTheLogOnceANewProducerEndedTheTransaction() throws InterruptedException {
		this.commitFailure.set(new OutOfOrderSequenceException("out of order"));
		this.writer.initialize();
		QueuedWrite write = write();
		assertThat(this.writer.write(List.of(write))).isFalse();
		assertThat(this.writer.settle()).isTrue();
		assertThat(write.append().committed()).isNotDone();
		assertThat(this.created.get(0).closed()).isTrue();
		assertThat(this.resolved).isEmpty();
		this.writer.recover();
		assertThat(this.created).hasSize(TransactionalProducers.COUNT + 1);
		assertThat(this.created.get(TransactionalProducers.COUNT).transactionInitialized()).isTrue();
		assertThat(this.resolved).containsExactly(write.append());
	}

	@Test
	void factoryListenersSeeEveryProducerComeAndGoSoClientMetricsFollowThem() throws InterruptedException {
		this.commitFailure.set(new OutOfOrderSequenceException("out of order"));
		this.writer.initialize();
		this.writer.write(List.of(write()));
		this.writer.settle();
		this.writer.recover();
		this.writer.close();
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < TransactionalProducers.COUNT; i++) {
			expected.add("added");
		}
		expected.addAll(List.of("removed", "added"));
		for (int i = 0; i < TransactionalProducers.COUNT; i++) {
			expected.add("removed");
		}
		assertThat(this.listened).containsExactlyElementsOf(expected);
	}

	@Test
	void fencedProducerStopsTheWriterAndClaimsNothingAboutItsLastTransaction() throws InterruptedException {
		this.commitFailure.set(new ProducerFencedException("fenced"));
		this.writer.initialize();
		QueuedWrite write = write();
		this.writer.write(List.of(write));
		this.writer.settle();
		assertThat(this.writer.fenced()).isTrue();
		assertThat(write.append().committed()).isNotDone();
		assertThat(this.resolved).isEmpty();
	}

	@Test
	void withdrawnWriteIsNeverSent() throws InterruptedException {
		this.writer.initialize();
		QueuedWrite withdrawn = write();
		QueuedWrite kept = write();
		assertThat(withdrawn.append().withdraw()).isTrue();
		this.writer.write(List.of(withdrawn, kept));
		this.writer.settle();
		assertThat(this.created.get(0).history()).hasSize(1);
		assertThat(withdrawn.append().committed()).isNotDone();
		assertThat(kept.append().committed()).isCompleted();
	}

	@Test
	void nextBatchIsSentWhileTheLastCommitIsInFlight() throws Exception {
		this.firstProducersCommits = new CountDownLatch(1);
		this.writer.initialize();
		QueuedWrite first = write();
		QueuedWrite second = write();
		assertThat(CompletableFuture.supplyAsync(() -> write(first))).succeedsWithin(Duration.ofSeconds(10))
			.isEqualTo(false);
		CompletableFuture<Boolean> secondWritten = CompletableFuture.supplyAsync(() -> write(second));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.created.get(1).uncommittedRecords().size() == 1);
		assertThat(first.append().committed()).isNotDone();
		assertThat(secondWritten).isNotDone();
		this.firstProducersCommits.countDown();
		assertThat(secondWritten).succeedsWithin(Duration.ofSeconds(10)).isEqualTo(false);
		assertThat(this.writer.settle()).isFalse();
		assertThat(first.append().committed()).succeedsWithin(Duration.ZERO);
		assertThat(second.append().committed()).succeedsWithin(Duration.ZERO);
		assertThat(this.created.get(1).transactionCommitted()).isTrue();
	}

	@Test
	void abortedCommitAbortsTheTransactionSentBehindItToo() throws InterruptedException {
		this.commitFailure.set(new KafkaException("a send of the transaction failed"));
		this.writer.initialize();
		QueuedWrite first = write();
		QueuedWrite second = write();
		this.writer.write(List.of(first));
		assertThat(this.writer.write(List.of(second))).isFalse();
		assertThat(this.writer.settle()).isFalse();
		assertThat(this.created.get(0).transactionAborted()).isTrue();
		assertThat(this.created.get(1).transactionAborted()).isTrue();
		assertThat(this.created.get(1).history()).isEmpty();
		assertThat(rejection(first)).hasMessageContaining("aborted, so it is applied nowhere");
		assertThat(rejection(second)).hasMessageContaining("the transaction sent before it failed");
	}

	@Test
	void commitOfUnknownOutcomeAbortsTheTransactionSentBehindIt() throws InterruptedException {
		this.commitFailure.set(new OutOfOrderSequenceException("out of order"));
		this.writer.initialize();
		QueuedWrite first = write();
		QueuedWrite second = write();
		this.writer.write(List.of(first));
		assertThat(this.writer.write(List.of(second))).isTrue();
		assertThat(this.created.get(1).transactionAborted()).isTrue();
		assertThat(rejection(second)).hasMessageContaining("the transaction sent before it failed");
		assertThat(first.append().committed()).isNotDone();
		this.writer.recover();
		assertThat(this.resolved).containsExactly(first.append());
	}

	private boolean write(QueuedWrite write) {
		try {
			return this.writer.write(List.of(write));
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Throwable rejection(QueuedWrite write) {
		Throwable failure = write.append().committed().handle((position, ex) -> ex).getNow(null);
		assertThat(failure).isInstanceOf(WriteRejectedException.class);
		return failure;
	}

	private static QueuedWrite write() {
		return new QueuedWrite(new ProducerRecord<>("replication.ledger", 0, null, new byte[] { 1 }), new LogAppend());
	}

	private MockProducer<String, byte[]> producer() {
		boolean first = this.created.isEmpty();
		MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
				new ByteArraySerializer()) {

			@Override
			public void commitTransaction() {
				CountDownLatch gate = TransactionalLogWriterTests.this.firstProducersCommits;
				if (first && gate != null) {
					try {
						gate.await(10, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
				if (TransactionalLogWriterTests.this.commitTimeouts.getAndDecrement() > 0) {
					throw new TimeoutException("commit timed out");
				}
				RuntimeException failure = TransactionalLogWriterTests.this.commitFailure.getAndSet(null);
				if (failure != null) {
					throw failure;
				}
				super.commitTransaction();
			}

		};
		this.created.add(producer);
		return producer;
	}

}
