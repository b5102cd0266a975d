package io.replication.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.replication.ReplicationException;
import io.replication.engine.CommandLog;
import io.replication.engine.CommandRecord;
import io.replication.engine.Position;
import io.replication.engine.ReplicationMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Appends a state's commands in Kafka transactions, one thread per state. Writes that
 * arrive while a transaction commits share the next one (group commit), so concurrent
 * writers pay for one commit between them instead of one each.
 *
 * @author replication
 */
final class GroupCommitAppender implements CommandLog {

	private static final Log logger = LogFactory.getLog(GroupCommitAppender.class);

	private static final Append STOP = new Append(new ProducerRecord<>("", new byte[0]), new CompletableFuture<>());

	private final String state;

	private final String topic;

	private final DefaultKafkaProducerFactory<String, byte[]> producerFactory;

	private final KafkaTemplate<String, byte[]> template;

	private final GroupCommitSettings settings;

	private final CommandRecordCodec codec;

	private final ReplicationMetrics metrics;

	private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();

	private volatile boolean running;

	private volatile @Nullable String fenced;

	private volatile int lastBatchSize;

	private @Nullable Thread thread;

	GroupCommitAppender(String state, String topic, DefaultKafkaProducerFactory<String, byte[]> producerFactory,
			GroupCommitSettings settings, CommandRecordCodec codec, ReplicationMetrics metrics) {
		this.state = state;
		this.topic = topic;
		this.producerFactory = producerFactory;
		this.template = new KafkaTemplate<>(producerFactory);
		this.settings = settings;
		this.codec = codec;
		this.metrics = metrics;
	}

	@Override
	public CompletableFuture<Position> append(CommandRecord record) {
		CompletableFuture<Position> committed = new CompletableFuture<>();
		String refusal = refusal();
		if (refusal != null) {
			committed.completeExceptionally(new ReplicationException(refusal));
			return committed;
		}
		Append append = new Append(this.codec.toProducerRecord(this.topic, record), committed);
		this.queue.add(append);
		if (!this.running && this.queue.remove(append)) {
			// Lost a race with stop(): nobody will take it.
			committed.completeExceptionally(new ReplicationException(refusal()));
		}
		return committed;
	}

	/**
	 * Start appending. Initializes the transactional producer first, which fences any
	 * older producer with the same transactional id.
	 */
	void start() {
		this.producerFactory.createProducer().close();
		this.running = true;
		Thread appender = new Thread(this::run, "replication-append-" + this.state);
		appender.setDaemon(true);
		this.thread = appender;
		appender.start();
	}

	/**
	 * Stop appending after the transaction in flight; writes still queued fail.
	 */
	void stop() {
		this.running = false;
		Thread appender = this.thread;
		if (appender != null) {
			this.queue.add(STOP);
			try {
				appender.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		failQueued();
		this.producerFactory.destroy();
	}

	int lastBatchSize() {
		return this.lastBatchSize;
	}

	int queued() {
		return this.queue.size();
	}

	@Nullable String fenced() {
		return this.fenced;
	}

	private @Nullable String refusal() {
		String fencedReason = this.fenced;
		if (fencedReason != null) {
			return fencedReason;
		}
		return this.running ? null : "State '" + this.state + "' does not take writes: replication is not running";
	}

	private void run() {
		List<Append> batch = new ArrayList<>(this.settings.maxBatch());
		try {
			while (this.running) {
				Append first = this.queue.take();
				if (first == STOP) {
					return;
				}
				batch.add(first);
				fill(batch);
				commit(batch);
				batch.clear();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			batch.forEach((append) -> append.committed.completeExceptionally(
					new ReplicationException("State '" + this.state + "' stopped before the write was appended")));
		}
	}

	private void fill(List<Append> batch) throws InterruptedException {
		int max = this.settings.maxBatch();
		this.queue.drainTo(batch, max - batch.size());
		long deadline = System.nanoTime() + this.settings.maxWait().toNanos();
		while (batch.size() < max && !this.settings.maxWait().isZero()) {
			long remaining = deadline - System.nanoTime();
			Append next = (remaining > 0) ? this.queue.poll(remaining, TimeUnit.NANOSECONDS) : null;
			if (next == null) {
				break;
			}
			if (next == STOP) {
				this.queue.add(STOP);
				break;
			}
			batch.add(next);
			this.queue.drainTo(batch, max - batch.size());
		}
		if (batch.remove(STOP)) {
			this.queue.add(STOP);
		}
	}

	private void commit(List<Append> batch) {
		if (this.fenced != null) {
			fail(batch, new ReplicationException(this.fenced));
			return;
		}
		this.lastBatchSize = batch.size();
		try {
			List<CompletableFuture<SendResult<String, byte[]>>> sends = this.template.executeInTransaction((ops) -> {
				List<CompletableFuture<SendResult<String, byte[]>>> futures = new ArrayList<>(batch.size());
				for (Append append : batch) {
					futures.add(ops.send(append.record));
				}
				return futures;
			});
			this.metrics.transactionCommitted(this.state, batch.size());
			// The commit flushed every send, so each future is complete.
			for (int i = 0; i < batch.size(); i++) {
				RecordMetadata metadata = sends.get(i).join().getRecordMetadata();
				batch.get(i).committed.complete(new Position(this.state, metadata.partition(), metadata.offset()));
			}
		}
		catch (RuntimeException ex) {
			String failure = "State '" + this.state + "': the transaction holding this write (" + batch.size()
					+ " command(s)) was not committed, so it is applied nowhere: " + ex.getMessage();
			if (isFenced(ex)) {
				this.fenced = "State '" + this.state + "' does not take writes on this instance: its producer was "
						+ "fenced by another process started with the same replication.instance-id";
				logger.error(this.fenced + " (" + ex + ")");
				failure = this.fenced + "; " + failure;
			}
			else {
				logger.warn(failure);
			}
			fail(batch, new ReplicationException(failure, ex));
		}
	}

	private void fail(List<Append> batch, ReplicationException failure) {
		batch.forEach((append) -> append.committed.completeExceptionally(failure));
	}

	private void failQueued() {
		List<Append> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.remove(STOP);
		fail(left, new ReplicationException("State '" + this.state + "' does not take writes: replication stopped"));
	}

	/**
	 * Whether another producer took over this state's transactional id. With transactions
	 * v2 the old producer first sees an invalid epoch rather than a fencing error;
	 * re-creating the producer then would fence the newer process in turn, so both end
	 * writes here. (A transaction the broker aborted after {@code transaction.timeout.ms}
	 * looks the same; commits here take milliseconds.)
	 */
	private static boolean isFenced(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
				return true;
			}
		}
		return false;
	}

	private record Append(ProducerRecord<String, byte[]> record, CompletableFuture<Position> committed) {

	}

}
