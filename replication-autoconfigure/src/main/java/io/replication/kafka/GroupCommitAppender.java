package io.replication.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.replication.WriteRejectedException;
import io.replication.engine.CommandLog;
import io.replication.engine.CommandRecord;
import io.replication.engine.LogAppend;
import io.replication.status.StateHalt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;

/**
 * Queues a state's writes and hands them to its {@link LogWriter} in batches, on one
 * thread per state. Writes that arrive while a batch is being written share the next one
 * (group commit).
 * <p>
 * The queue is bounded, and a write is refused at once, alone, when it cannot be taken:
 * the queue is full, the record is too large, or the state is halted, fenced or stopped.
 * A queued write is taken just before it is sent, so a caller that gave up can withdraw
 * it until then.
 * <p>
 * Who owns an instance id is decided by the state's consumer group, where the consumers
 * are static members named after it: the process that joined last owns it. So the writer
 * is first initialized (in write mode {@code transactional}, this fences older producers
 * of the same transactional ids) only once this process's consumers have joined, and
 * after a producer fails, the writer recovers only once the consumers would have heard of
 * a takeover. Without that wait, an older process could re-create a producer after an
 * ambiguous error and fence the newer one in turn.
 *
 * @author replication
 */
final class GroupCommitAppender implements CommandLog {

	private static final Log logger = LogFactory.getLog(GroupCommitAppender.class);

	private final String state;

	private final String topic;

	private final KeyPartitioner partitioner;

	private final LogWriter writer;

	private final GroupCommitSettings settings;

	private final CommandRecordCodec codec;

	private final Duration failureBackoff;

	private final WriteRefusal refusal;

	private final WriteQueue queue;

	private final CountDownLatch joined = new CountDownLatch(1);

	private final CountDownLatch stopping = new CountDownLatch(1);

	private volatile boolean ready;

	private volatile boolean running;

	private volatile int lastBatchSize;

	private @Nullable Thread thread;

	/**
	 * Create an appender.
	 * @param state name of the state
	 * @param topic the state's topic
	 * @param partitioner picks the partition of a keyed command
	 * @param writer sends the batches
	 * @param settings bounds of the queue and the batches
	 * @param failureBackoff wait after a producer failed, before it is replaced
	 * @param codec maps commands to records
	 * @param onRefusing told once, with the reason, when the state stops taking writes
	 * for good (halted or fenced)
	 * @param fencer who fences this instance's writer, as the refusal names it
	 */
	GroupCommitAppender(String state, String topic, KeyPartitioner partitioner, LogWriter writer,
			GroupCommitSettings settings, Duration failureBackoff, CommandRecordCodec codec,
			Consumer<String> onRefusing, String fencer) {
		this.state = state;
		this.topic = topic;
		this.partitioner = partitioner;
		this.writer = writer;
		this.settings = settings;
		this.failureBackoff = failureBackoff;
		this.codec = codec;
		this.refusal = new WriteRefusal(state, onRefusing, fencer);
		this.queue = new WriteQueue(settings);
	}

	@Override
	public void append(CommandRecord record, LogAppend append) {
		String refused = refusal();
		if (refused != null) {
			append.reject(new WriteRejectedException(refused));
			return;
		}
		ProducerRecord<String, byte[]> producerRecord = this.codec.toProducerRecord(this.topic,
				this.partitioner.partitionOf(record.key()), record);
		int size = producerRecord.value().length + ((record.key() != null) ? record.key().length() * 3 : 0);
		if (size > this.settings.maxRecordBytes()) {
			append.reject(new WriteRejectedException("Write '" + this.state + "." + record.command() + "' is " + size
					+ " bytes encoded, more than the " + this.settings.maxRecordBytes()
					+ " bytes a record may have (spring.kafka.producer.properties.max.request.size, less a batch's framing)"));
			return;
		}
		if (!this.queue.offer(new QueuedWrite(producerRecord, append))) {
			append.reject(new WriteRejectedException(
					"Write '" + this.state + "." + record.command() + "' refused: " + this.settings.maxQueued()
							+ " writes already wait to be sent (replication.group-commit.max-queued)"));
			return;
		}
		if (!this.running || this.refusal.reason() != null) {
			// Lost a race with stop(), halt or fencing: nobody may send it.
			refused = refusal();
			append.reject(new WriteRejectedException((refused != null) ? refused
					: "State '" + this.state + "' does not take writes: replication is not running"));
		}
	}

	/**
	 * Start taking writes. They are sent once {@link #joined()} is called.
	 */
	void start() {
		this.running = true;
		Thread appender = new Thread(this::run, "replication-append-" + this.state);
		appender.setDaemon(true);
		this.thread = appender;
		appender.start();
	}

	/**
	 * Start without taking writes: this instance's role is {@code replica}, and its
	 * writes are refused before they reach the appender. Nothing is sent, so no producer
	 * is created, and in the partition-per-replica topology none fences the state's
	 * writer.
	 */
	void startReadOnly() {
		this.ready = true;
	}

	/**
	 * Stop sending after the batch in flight; writes still queued are withdrawn by their
	 * callers or by whoever fails the waiting calls.
	 */
	void stop() {
		this.running = false;
		this.writer.stopping();
		this.stopping.countDown();
		this.joined.countDown();
		Thread appender = this.thread;
		if (appender != null) {
			this.queue.stop();
			try {
				appender.join(TimeUnit.SECONDS.toMillis(10));
				if (appender.isAlive()) {
					// Waiting for a dead broker to take more writes in flight.
					appender.interrupt();
					appender.join(TimeUnit.SECONDS.toMillis(5));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.writer.close();
	}

	/**
	 * This process's consumers of the state have joined its group, so it now owns the
	 * instance id: the writer may take over the producer ids.
	 */
	void joined() {
		this.joined.countDown();
	}

	/**
	 * Stop taking writes for good: another process owns this instance id now.
	 * @param how how the takeover was noticed
	 */
	void fence(String how) {
		this.refusal.fence(how);
	}

	/**
	 * Stop taking writes for good: the state stopped applying its log here.
	 * @param halt where and why
	 */
	void halt(StateHalt halt) {
		this.refusal.halt(halt);
	}

	/**
	 * Whether the writer has been initialized, so writes can be sent.
	 * @return {@code true} once the producer ids are taken over
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
		return this.refusal.fenced();
	}

	private @Nullable String refusal() {
		String refused = this.refusal.reason();
		if (refused != null) {
			return refused;
		}
		return this.running ? null : "State '" + this.state + "' does not take writes: replication is not running";
	}

	private void run() {
		List<QueuedWrite> batch = new ArrayList<>(this.settings.maxBatch());
		try {
			this.joined.await();
			if (!this.running || initializeWriter()) {
				return;
			}
			while (this.running && this.queue.takeBatch(batch)) {
				this.lastBatchSize = batch.size();
				boolean failed = (this.refusal.reason() == null) && this.writer.write(batch);
				batch.clear();
				if (this.writer.fenced()) {
					fence("its producer was fenced");
				}
				else if (failed) {
					if (backOff()) {
						return;
					}
					this.writer.recover();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			this.refusal.appenderFailed(ex);
		}
	}

	/**
	 * Take over the producer ids now rather than on the first write, so that an older
	 * process with this instance id is fenced at once. Until this succeeds the state is
	 * not ready, so it is retried.
	 * @return {@code true} if the appender is stopping
	 */
	private boolean initializeWriter() throws InterruptedException {
		while (this.refusal.reason() == null) {
			try {
				this.writer.initialize();
				this.ready = true;
				return false;
			}
			catch (RuntimeException ex) {
				if (this.writer.fenced()) {
					fence("its producer was fenced while starting: " + ex);
				}
				else {
					logger.warn("State '" + this.state + "': could not initialize its producer: " + ex);
					if (backOff()) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Wait before replacing a failed producer, long enough for the consumers to hear of a
	 * takeover by another process: see the class comment.
	 * @return {@code true} if the appender is stopping
	 */
	private boolean backOff() throws InterruptedException {
		logger.info("State '" + this.state + "': producer replaced in " + this.failureBackoff.toMillis()
				+ " ms, once this instance's consumers would have heard of a takeover of its instance id");
		return this.stopping.await(this.failureBackoff.toMillis(), TimeUnit.MILLISECONDS);
	}

}
