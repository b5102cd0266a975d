package io.replication.kafka;

import java.time.Duration;
import java.util.List;

import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;
import io.replication.engine.LogAppend;
import io.replication.engine.Position;
import io.replication.engine.ReplicationMetrics;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idempotent writer's decisions, over Kafka's {@link MockProducer}.
 */
class IdempotentLogWriterTests {

	private static final String TOPIC = "replication.ledger";

	private final MockProducer<String, byte[]> producer = new MockProducer<>(cluster(), false, null,
			new StringSerializer(), new ByteArraySerializer()) {

		// The template "closes" its producer after each send, as the factory's shared
		// producer ignores.
		@Override
		public void close(Duration timeout) {
		}

	};

	private final IdempotentLogWriter writer = new IdempotentLogWriter("ledger", TOPIC,
			new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)), 100, ReplicationMetrics.NONE);

	@Test
	void acknowledgedWriteCompletesWithItsPosition() throws InterruptedException {
		QueuedWrite write = write();
		this.writer.initialize();
		this.writer.write(List.of(write));
		assertThat(write.append().committed()).isNotDone();
		this.producer.completeNext();
		assertThat(write.append().committed()).isCompletedWithValue(new Position("ledger", 0, 0));
	}

	@Test
	void recordRefusedByKafkaIsRejectedAloneAndItsNeighboursGoOn() throws InterruptedException {
		QueuedWrite refused = write();
		QueuedWrite neighbour = write();
		this.writer.write(List.of(refused, neighbour));
		this.producer.errorNext(new RecordTooLargeException("too large"));
		this.producer.completeNext();
		assertThat(failure(refused)).isInstanceOf(WriteRejectedException.class);
		assertThat(neighbour.append().committed()).isCompleted();
	}

	@Test
	void recordThatFoundNoRoomInTheProducersBufferIsRejected() throws InterruptedException {
		QueuedWrite write = write();
		this.writer.write(List.of(write));
		this.producer.errorNext(new BufferExhaustedException(
				"Failed to allocate 262144 bytes within the configured max blocking time 30000 ms"));
		assertThat(failure(write)).isInstanceOf(WriteRejectedException.class);
	}

	@Test
	void sentWriteThatKafkaDoesNotConfirmIsUnknownNotRejected() throws InterruptedException {
		QueuedWrite write = write();
		this.writer.write(List.of(write));
		this.producer.errorNext(new TimeoutException("Expiring 1 record(s): 120000 ms has passed"));
		assertThat(failure(write)).isInstanceOf(WriteOutcomeUnknownException.class);
	}

	@Test
	void writeThatTheProducerRefusesToSendIsRejected() throws InterruptedException {
		this.producer.sendException = new TimeoutException("Topic not present in metadata after 30000 ms");
		QueuedWrite write = write();
		this.writer.write(List.of(write));
		assertThat(failure(write)).isInstanceOf(WriteRejectedException.class)
			.hasMessageContaining("within max.block.ms, which replication.write-timeout bounds");
	}

	@Test
	void withdrawnWriteIsNeverSent() throws InterruptedException {
		QueuedWrite withdrawn = write();
		withdrawn.append().withdraw();
		this.writer.write(List.of(withdrawn));
		assertThat(this.producer.history()).isEmpty();
	}

	private static Throwable failure(QueuedWrite write) {
		return write.append().committed().handle((position, ex) -> ex).join();
	}

	private static QueuedWrite write() {
		return new QueuedWrite(new ProducerRecord<>(TOPIC, 0, null, new byte[] { 1 }), new LogAppend());
	}

	private static Cluster cluster() {
		Node node = new Node(0, "127.0.0.1", 9092);
		return new Cluster("test", List.of(node),
				List.of(new PartitionInfo(TOPIC, 0, node, new Node[] { node }, new Node[] { node })),
				java.util.Set.of(), java.util.Set.of());
	}

}
