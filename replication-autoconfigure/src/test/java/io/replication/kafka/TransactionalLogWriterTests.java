package io.replication.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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

/**
 * The transactional writer's decisions, over Kafka's {@link MockProducer}.
 */
class TransactionalLogWriterTests {

	private final List<MockProducer<String, byte[]>> created = new ArrayList<>();

	private final List<LogAppend> resolved = new ArrayList<>();

	private final AtomicInteger commitTimeouts = new AtomicInteger();

	private RuntimeException commitFailure;

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
	void committedBatchCompletesEveryAppendWithItsPosition() {
		this.writer.initialize();
		List<QueuedWrite> batch = List.of(write(), write());
		assertThat(this.writer.write(batch)).isFalse();
		assertThat(batch).allSatisfy((write) -> assertThat(write.append().committed()).isCompleted());
		assertThat(this.created.get(0).transactionCommitted()).isTrue();
	}

	@Test
	void commitThatTimesOutIsRetriedRatherThanReportedAsFailed() {
		this.commitTimeouts.set(2);
		this.writer.initialize();
		QueuedWrite write = write();
		assertThat(this.writer.write(List.of(write))).isFalse();
		assertThat(write.append().committed()).isCompleted();
		assertThat(this.created.get(0).commitCount()).isEqualTo(1);
	}

	@Test
	void abortableErrorAbortsTheTransactionAndRejectsItsWrites() {
		this.commitFailure = new KafkaException("a send of the transaction failed");
		this.writer.initialize();
		QueuedWrite write = write();
		assertThat(this.writer.write(List.of(write))).isFalse();
		assertThat(this.created.get(0).transactionAborted()).isTrue();
		assertThat(write.append().committed()).failsWithin(java.time.Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(WriteRejectedException.class)
			.withMessageContaining("aborted, so it is applied nowhere");
	}

	@Test
	void fatalErrorLeavesTheOutcomeToTheLogOnceANewProducerEndedTheTransaction() {
		this.commitFailure = new OutOfOrderSequenceException("out of order");
		this.writer.initialize();
		QueuedWrite write = write();
		assertThat(this.writer.write(List.of(write))).isTrue();
		assertThat(write.append().committed()).isNotDone();
		assertThat(this.created.get(0).closed()).isTrue();
		assertThat(this.resolved).isEmpty();
		this.commitFailure = null;
		this.writer.recover();
		assertThat(this.created).hasSize(3);
		assertThat(this.created.get(2).transactionInitialized()).isTrue();
		assertThat(this.resolved).containsExactly(write.append());
	}

	@Test
	void factoryListenersSeeEveryProducerComeAndGoSoClientMetricsFollowThem() {
		this.commitFailure = new OutOfOrderSequenceException("out of order");
		this.writer.initialize();
		this.writer.write(List.of(write()));
		this.commitFailure = null;
		this.writer.recover();
		this.writer.close();
		assertThat(this.listened).containsExactly("added", "added", "removed", "added", "removed", "removed");
	}

	@Test
	void fencedProducerStopsTheWriterAndClaimsNothingAboutItsLastTransaction() {
		this.commitFailure = new ProducerFencedException("fenced");
		this.writer.initialize();
		QueuedWrite write = write();
		this.writer.write(List.of(write));
		assertThat(this.writer.fenced()).isTrue();
		assertThat(write.append().committed()).isNotDone();
		assertThat(this.resolved).isEmpty();
	}

	@Test
	void withdrawnWriteIsNeverSent() {
		this.writer.initialize();
		QueuedWrite withdrawn = write();
		QueuedWrite kept = write();
		assertThat(withdrawn.append().withdraw()).isTrue();
		this.writer.write(List.of(withdrawn, kept));
		assertThat(this.created.get(0).history()).hasSize(1);
		assertThat(withdrawn.append().committed()).isNotDone();
		assertThat(kept.append().committed()).isCompleted();
	}

	private static QueuedWrite write() {
		return new QueuedWrite(new ProducerRecord<>("replication.ledger", 0, null, new byte[] { 1 }), new LogAppend());
	}

	private MockProducer<String, byte[]> producer() {
		MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
				new ByteArraySerializer()) {

			@Override
			public void commitTransaction() {
				if (TransactionalLogWriterTests.this.commitTimeouts.getAndDecrement() > 0) {
					throw new TimeoutException("commit timed out");
				}
				RuntimeException failure = TransactionalLogWriterTests.this.commitFailure;
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
