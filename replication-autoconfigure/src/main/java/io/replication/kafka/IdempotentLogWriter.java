package io.replication.kafka;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;
import io.replication.engine.LogAppend;
import io.replication.engine.Position;
import io.replication.engine.ReplicationMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jspecify.annotations.Nullable;

/**
 * Writes commands with an idempotent {@code acks=all} producer and no transactions. The
 * producer retries each record until {@code delivery.timeout.ms} without duplicating it,
 * and a writer that dies leaves nothing open in the log for readers to wait on.
 * <p>
 * Sends are pipelined: the next batch goes out while the last is being acknowledged, up
 * to a bound of writes in flight. The bound keeps the number of writes that can end
 * "unknown" small when Kafka stops answering: beyond it, writes stay queued, where their
 * callers can still withdraw them.
 *
 * @author replication
 */
final class IdempotentLogWriter implements LogWriter {

	private static final Log logger = LogFactory.getLog(IdempotentLogWriter.class);

	// Nothing is in flight once the appender has stopped; this only bounds a dead broker.
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final String state;

	private final String topic;

	private final Supplier<Producer<String, byte[]>> factory;

	private final Semaphore inFlight;

	private final ReplicationMetrics metrics;

	private volatile @Nullable Producer<String, byte[]> producer;

	private volatile boolean broken;

	// Set while send() runs on the appender thread: a callback then is the producer
	// refusing the record before buffering it.
	private volatile @Nullable Thread sending;

	/**
	 * Create a writer; nothing connects until it is initialized.
	 * @param state name of the state
	 * @param topic the state's topic
	 * @param factory creates the idempotent producer
	 * @param maxInFlight most writes sent and not yet acknowledged
	 * @param metrics receives the size of each batch sent
	 */
	IdempotentLogWriter(String state, String topic, Supplier<Producer<String, byte[]>> factory, int maxInFlight,
			ReplicationMetrics metrics) {
		this.state = state;
		this.topic = topic;
		this.metrics = metrics;
		this.factory = factory;
		this.inFlight = new Semaphore(maxInFlight);
	}

	/**
	 * Create the producer and fetch the topic's metadata, so the first write need not
	 * wait for it and the state is ready only once Kafka answers.
	 */
	@Override
	public void initialize() {
		producer().partitionsFor(this.topic);
	}

	@Override
	public boolean write(List<QueuedWrite> batch) throws InterruptedException {
		Producer<String, byte[]> producer = producer();
		int sent = 0;
		for (QueuedWrite write : batch) {
			this.inFlight.acquire();
			if (!write.append().take()) {
				this.inFlight.release();
				continue;
			}
			this.sending = Thread.currentThread();
			try {
				producer.send(write.record(), (metadata, failure) -> sent(write.append(), metadata, failure));
				sent++;
			}
			catch (RuntimeException ex) {
				// send() threw before the record reached the producer's buffer.
				this.inFlight.release();
				write.append()
					.committed()
					.completeExceptionally(new WriteRejectedException(
							"Write to state '" + this.state + "' was not sent: " + ex.getMessage(), ex));
			}
			finally {
				this.sending = null;
			}
		}
		if (sent > 0) {
			this.metrics.batchWritten(this.state, sent);
		}
		return this.broken;
	}

	private void sent(LogAppend append, @Nullable RecordMetadata metadata, @Nullable Exception failure) {
		this.inFlight.release();
		if (failure == null && metadata != null) {
			append.committed().complete(new Position(this.state, metadata.partition(), metadata.offset()));
		}
		else if (Thread.currentThread() == this.sending || ProducerErrors.refusedRecord(failure)) {
			// On the sending thread, the producer refused the record before buffering it
			// (no metadata within max.block.ms, too large); else the broker refused it.
			append.committed()
				.completeExceptionally(new WriteRejectedException(
						"Write to state '" + this.state + "' was refused by Kafka: " + failure.getMessage(), failure));
		}
		else {
			if (ProducerErrors.isFatal(failure)) {
				this.broken = true;
			}
			append.committed()
				.completeExceptionally(new WriteOutcomeUnknownException("Write to state '" + this.state
						+ "' was sent, and Kafka did not confirm it: " + failure.getMessage(), failure));
		}
	}

	@Override
	public void recover() {
		producer();
	}

	@Override
	public boolean fenced() {
		return false;
	}

	@Override
	public void close() {
		Producer<String, byte[]> producer = this.producer;
		this.producer = null;
		if (producer != null) {
			producer.close(CLOSE_TIMEOUT);
		}
	}

	private Producer<String, byte[]> producer() {
		Producer<String, byte[]> producer = this.producer;
		if (producer != null && this.broken) {
			logger.warn("State '" + this.state + "': its producer failed fatally; a new one takes over");
			close();
			producer = null;
		}
		if (producer == null) {
			producer = this.factory.get();
			this.broken = false;
			this.producer = producer;
		}
		return producer;
	}

}
