package io.replication.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.replication.ReplicationException;
import io.replication.engine.CommandLog;
import io.replication.engine.CommandRecord;
import io.replication.engine.Position;
import io.replication.engine.ReplicationMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.jspecify.annotations.Nullable;

/**
 * Appends a state's commands in Kafka transactions, one thread per state. Writes that
 * arrive while a transaction commits share the next one (group commit), so concurrent
 * writers pay for one commit between them instead of one each. Transactions take
 * {@link TransactionalProducers two producers} in turn, so the next one need not wait for
 * the broker to finish the last.
 * <p>
 * Who owns an instance id is decided by the state's consumer group, where the consumers
 * are static members named after it: the process that joined last owns it. So the
 * producers are first initialized (which fences older producers of the same transactional
 * ids) only once this process's consumers have joined, and after a transaction fails for
 * a reason that is not fencing, the next one waits until the consumers would have heard
 * of a takeover. Without that wait, an older process could re-create a producer after an
 * ambiguous error and fence the newer one in turn.
 *
 * @author replication
 */
final class GroupCommitAppender implements CommandLog {

	private static final Log logger = LogFactory.getLog(GroupCommitAppender.class);

	private static final Append STOP = new Append(new ProducerRecord<>("", new byte[0]), new CompletableFuture<>());

	private final String state;

	private final String topic;

	private final TransactionalProducers producers;

	private final GroupCommitSettings settings;

	private final CommandRecordCodec codec;

	private final ReplicationMetrics metrics;

	private final Duration failureBackoff;

	private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();

	private final CountDownLatch joined = new CountDownLatch(1);

	private final CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean ready;

	private volatile boolean running;

	private volatile @Nullable String fenced;

	private volatile int lastBatchSize;

	private @Nullable Thread thread;

	GroupCommitAppender(String state, String topic, TransactionalProducers producers, GroupCommitSettings settings,
			Duration failureBackoff, CommandRecordCodec codec, ReplicationMetrics metrics) {
		this.state = state;
		this.topic = topic;
		this.producers = producers;
		this.settings = settings;
		this.failureBackoff = failureBackoff;
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
	 * Start taking writes. They are appended once {@link #joined()} is called.
	 */
	void start() {
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
		this.stopping.countDown();
		this.joined.countDown();
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
		this.producers.close();
	}

	/**
	 * This process's consumers of the state have joined its group, so it now owns the
	 * instance id: the producer may take over the transactional id.
	 */
	void joined() {
		this.joined.countDown();
	}

	/**
	 * Stop taking writes for good: another process owns this instance id now.
	 * @param how how the takeover was noticed
	 */
	void fence(String how) {
		if (this.fenced == null) {
			this.fenced = "State '" + this.state + "' does not take writes on this instance: it was fenced by "
					+ "another process started with the same replication.instance-id (" + how + ")";
			logger.error(this.fenced);
		}
	}

	/**
	 * Whether the producer has been initialized, so writes can be appended.
	 * @return {@code true} once a producer took over the transactional id
	 */
	boolean ready() {
		return this.ready;
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
			this.joined.await();
			if (!this.running || initializeProducer()) {
				return;
			}
			while (this.running) {
				Append first = this.queue.take();
				if (first == STOP) {
					return;
				}
				batch.add(first);
				fill(batch);
				boolean committed = commit(batch);
				batch.clear();
				if (!committed && this.fenced == null && backOff()) {
					return;
				}
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

	/**
	 * Take over the transactional ids now rather than on the first write, so that an
	 * older process with this instance id is fenced at once. Until this succeeds the
	 * state is not ready, so it is retried.
	 * @return {@code true} if the appender is stopping
	 */
	private boolean initializeProducer() throws InterruptedException {
		while (this.fenced == null) {
			try {
				this.producers.initialize();
				this.ready = true;
				return false;
			}
			catch (RuntimeException ex) {
				if (isFenced(ex)) {
					fence("its producer was fenced while starting: " + ex);
				}
				else {
					logger.warn("State '" + this.state + "': could not initialize its transactional producer: " + ex);
					if (backOff()) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Wait before the next transaction after one failed, long enough for the consumers to
	 * hear of a takeover by another process: see the class comment.
	 * @return {@code true} if the appender is stopping
	 */
	private boolean backOff() throws InterruptedException {
		logger.info("State '" + this.state + "': next transaction in " + this.failureBackoff.toMillis()
				+ " ms, once this instance's consumers would have heard of a takeover of its instance id");
		return this.stopping.await(this.failureBackoff.toMillis(), TimeUnit.MILLISECONDS);
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

	/**
	 * Append a batch in one transaction.
	 * @return whether it was committed
	 */
	private boolean commit(List<Append> batch) {
		if (this.fenced != null) {
			fail(batch, new ReplicationException(this.fenced));
			return false;
		}
		this.lastBatchSize = batch.size();
		Producer<String, byte[]> producer = null;
		try {
			producer = this.producers.next();
			producer.beginTransaction();
			List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
			for (Append append : batch) {
				sends.add(producer.send(append.record));
			}
			producer.commitTransaction();
			this.ready = true;
			this.metrics.transactionCommitted(this.state, batch.size());
			for (int i = 0; i < batch.size(); i++) {
				RecordMetadata metadata = sent(sends.get(i));
				batch.get(i).committed.complete(new Position(this.state, metadata.partition(), metadata.offset()));
			}
			return true;
		}
		catch (RuntimeException ex) {
			if (producer != null) {
				this.producers.discard(producer);
			}
			String failure = "State '" + this.state + "': the transaction holding this write (" + batch.size()
					+ " command(s)) was not committed, so it is applied nowhere: " + ex.getMessage();
			if (isFenced(ex)) {
				fence("its producer was fenced: " + ex);
				failure = this.fenced + "; " + failure;
			}
			else {
				logger.warn(failure);
			}
			fail(batch, new ReplicationException(failure, ex));
			return false;
		}
	}

	// The commit flushed every send and would have thrown had one failed.
	private static RecordMetadata sent(Future<RecordMetadata> send) {
		try {
			return send.get(0, TimeUnit.SECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("A send of a committed transaction is not complete", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted reading a committed send", ex);
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
