package io.replication.kafka;

import java.util.List;
import java.util.concurrent.Semaphore;

import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;
import io.replication.engine.LogAppend;
import io.replication.engine.Position;
import io.replication.engine.ReplicationMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Writes commands with an idempotent {@code acks=all} producer and no transactions. The
 * producer retries each record until {@code delivery.timeout.ms} without duplicating it,
 * and a writer that dies leaves nothing open in the log for readers to wait on.
 * <p>
 * Sends are pipelined: the next batch is handed to the producer while the last is being
 * acknowledged, up to a bound of writes in flight (the producer itself keeps one request
 * out by default, and sends what it was handed meanwhile in the next). The bound keeps
 * the number of writes that can end "unknown" small when Kafka stops answering: beyond
 * it, writes stay queued, where their callers can still withdraw them.
 * <p>
 * Records go through a {@link KafkaTemplate} over the state's own producer factory. The
 * template throws when the producer refused a record before buffering it (no metadata
 * within {@code max.block.ms}, too large): such a record is certainly not in the log.
 *
 * @author replication
 */
final class IdempotentLogWriter implements LogWriter {

	private static final Log logger = LogFactory.getLog(IdempotentLogWriter.class);

	private final String state;

	private final String topic;

	private final KafkaTemplate<String, byte[]> template;

	private final Semaphore inFlight;

	private final ReplicationMetrics metrics;

	private volatile boolean broken;

	/**
	 * Create a writer; nothing connects until it is initialized.
	 * @param state name of the state
	 * @param topic the state's topic
	 * @param template sends through the state's idempotent producer factory
	 * @param maxInFlight most writes sent and not yet acknowledged
	 * @param metrics receives the size of each batch sent
	 */
	IdempotentLogWriter(String state, String topic, KafkaTemplate<String, byte[]> template, int maxInFlight,
			ReplicationMetrics metrics) {
		this.state = state;
		this.topic = topic;
		this.template = template;
		this.metrics = metrics;
		this.inFlight = new Semaphore(maxInFlight);
	}

	/**
	 * Create the producer and fetch the topic's metadata, so the first write need not
	 * wait for it and the state is ready only once Kafka answers.
	 */
	@Override
	public void initialize() {
		this.template.partitionsFor(this.topic);
	}

	@Override
	public boolean write(List<QueuedWrite> batch) throws InterruptedException {
		if (this.broken) {
			replaceProducer();
		}
		int sent = 0;
		for (QueuedWrite write : batch) {
			this.inFlight.acquire();
			if (!write.append().take()) {
				this.inFlight.release();
				continue;
			}
			try {
				this.template.send(write.record())
					.whenComplete((result, failure) -> sent(write.append(), result, failure));
				sent++;
			}
			catch (RuntimeException ex) {
				// The producer refused the record before it reached its buffer.
				this.inFlight.release();
				write.append().committed().completeExceptionally(new WriteRejectedException(notSent(cause(ex)), ex));
			}
		}
		if (sent > 0) {
			this.metrics.batchWritten(this.state, sent);
		}
		return this.broken;
	}

	private void sent(LogAppend append, @Nullable SendResult<String, byte[]> result, @Nullable Throwable failure) {
		this.inFlight.release();
		if (failure == null && result != null) {
			RecordMetadata metadata = result.getRecordMetadata();
			append.committed().complete(new Position(this.state, metadata.partition(), metadata.offset()));
			return;
		}
		Throwable cause = cause(failure);
		if (ProducerErrors.refusedRecord(cause)) {
			append.committed()
				.completeExceptionally(new WriteRejectedException(
						"Write to state '" + this.state + "' was refused by Kafka: " + cause.getMessage(), cause));
			return;
		}
		if (ProducerErrors.isFatal(cause)) {
			this.broken = true;
		}
		append.committed()
			.completeExceptionally(new WriteOutcomeUnknownException(
					"Write to state '" + this.state + "' was sent, and Kafka did not confirm it: " + cause.getMessage(),
					cause));
	}

	private String notSent(Throwable cause) {
		if (cause instanceof TimeoutException) {
			// The producer waited max.block.ms for the topic's metadata: Kafka is away.
			return "Write to state '" + this.state + "' was not sent: Kafka did not answer within max.block.ms, "
					+ "which replication.write-timeout bounds: " + cause.getMessage();
		}
		return "Write to state '" + this.state + "' was refused by Kafka: " + cause.getMessage();
	}

	// The template wraps what the producer reported in Spring's KafkaException.
	private static Throwable cause(@Nullable Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof KafkaException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause != null) ? cause : new IllegalStateException("Send failed without a cause");
	}

	@Override
	public void recover() {
		if (this.broken) {
			replaceProducer();
		}
	}

	@Override
	public boolean fenced() {
		return false;
	}

	@Override
	public void close() {
		this.template.getProducerFactory().reset();
	}

	private void replaceProducer() {
		logger.warn("State '" + this.state + "': its producer failed fatally; a new one takes over");
		this.template.getProducerFactory().reset();
		this.broken = false;
	}

}
