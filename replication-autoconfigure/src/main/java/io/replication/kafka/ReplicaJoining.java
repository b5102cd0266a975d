package io.replication.kafka;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import io.replication.engine.Position;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

/**
 * Finds where a partition-per-replica replica's own partition begins in the state's
 * history, and applies what came before from partition 0.
 * <p>
 * A replica added to the set gets a new partition, which holds nothing older than the
 * first transaction written to it. Partition 0 has held every command since the topic was
 * created. One writer writes at a time and every transaction goes to all partitions it
 * knows, so both partitions hold the commands after that first one in the same order: the
 * replica applies partition 0 up to the command its own partition begins with, then reads
 * on in its own partition from there, with no gap and nothing applied twice. A replica of
 * the original set finds its first command at the head of partition 0 and applies nothing
 * here.
 * <p>
 * Until its own partition holds a command, the replica waits here; it counts as caught up
 * only while partition 0 is empty too.
 *
 * @author replication
 */
final class ReplicaJoining {

	private static final Log logger = LogFactory.getLog(ReplicaJoining.class);

	static final int HISTORY = 0;

	private static final Duration POLL = Duration.ofMillis(100);

	private final TopicSpec topic;

	private final int own;

	private final Supplier<Consumer<String, ByteBuffer>> consumers;

	private final StateLogListener listener;

	private volatile boolean stopping;

	private volatile boolean behind = true;

	private volatile @Nullable Thread thread;

	/**
	 * Create the joining of a replica.
	 * @param topic the state's log, in the partition-per-replica topology
	 * @param consumers creates a consumer without a group
	 * @param listener applies the commands
	 */
	ReplicaJoining(TopicSpec topic, Supplier<Consumer<String, ByteBuffer>> consumers, StateLogListener listener) {
		ReplicaPartitions replicas = topic.replicaPartitions();
		if (replicas == null) {
			throw new IllegalArgumentException("Not a partition-per-replica state: " + topic);
		}
		this.topic = topic;
		this.own = replicas.own();
		this.consumers = consumers;
		this.listener = listener;
	}

	/**
	 * Join on a thread of its own.
	 * @param onJoined given the offset of the own partition's first command, where
	 * reading goes on; not called if stopped first, or if the state halted
	 */
	void start(LongConsumer onJoined) {
		Thread thread = new Thread(() -> {
			long first = run();
			if (first >= 0) {
				onJoined.accept(first);
			}
		}, "replication-joining-" + this.topic.state());
		thread.setDaemon(true);
		this.thread = thread;
		thread.start();
	}

	/**
	 * Stop waiting and applying, and wait a while for the thread to end.
	 * @param timeout how long to wait for it
	 */
	void stop(Duration timeout) {
		this.stopping = true;
		Thread thread = this.thread;
		if (thread != null) {
			try {
				thread.join(timeout.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Apply the history before this replica's own partition begins.
	 * @return the offset of the first command of the own partition, where reading goes
	 * on; {@code -1} if stopped, or if the state halted
	 */
	private long run() {
		TopicPartition own = new TopicPartition(this.topic.name(), this.own);
		TopicPartition history = new TopicPartition(this.topic.name(), HISTORY);
		try (Consumer<String, ByteBuffer> consumer = this.consumers.get()) {
			ConsumerRecord<String, ByteBuffer> first = firstCommand(consumer, own, history);
			if (first == null) {
				return -1;
			}
			long applied = applyHistoryBefore(consumer, history, first);
			if (applied < 0) {
				return -1;
			}
			if (applied > 0) {
				logger.info("State '" + this.topic.state() + "': applied " + applied + " command(s) of partition "
						+ HISTORY + " written before this replica's partition " + this.own + " began; reading on in "
						+ "partition " + this.own + " from offset " + first.offset());
			}
			return first.offset();
		}
		finally {
			this.behind = false;
		}
	}

	/**
	 * Whether this replica still lacks commands the history holds.
	 * @return {@code true} while joining, unless the state has no command yet
	 */
	boolean behind() {
		return this.behind;
	}

	private @Nullable ConsumerRecord<String, ByteBuffer> firstCommand(Consumer<String, ByteBuffer> consumer,
			TopicPartition own, TopicPartition history) {
		consumer.assign(List.of(own));
		consumer.seekToBeginning(List.of(own));
		boolean waiting = false;
		while (!this.stopping) {
			ConsumerRecords<String, ByteBuffer> records = consumer.poll(POLL);
			if (!records.isEmpty()) {
				return records.records(own).get(0);
			}
			// Nothing to apply while nothing was written anywhere.
			this.behind = holdsCommands(consumer, history);
			if (this.behind && !waiting) {
				waiting = true;
				logger.info("State '" + this.topic.state() + "': partition " + this.own + " of this replica holds no "
						+ "command yet, while partition " + HISTORY + " does; waiting for the writer to write to it "
						+ "(its replication.replicas must name this replica) to know where it begins");
			}
		}
		return null;
	}

	private static boolean holdsCommands(Consumer<String, ByteBuffer> consumer, TopicPartition partition) {
		long start = consumer.beginningOffsets(List.of(partition)).get(partition);
		long end = consumer.endOffsets(List.of(partition)).get(partition);
		return end > start;
	}

	/**
	 * @return how many commands were applied, or -1 if stopped or halted
	 */
	private long applyHistoryBefore(Consumer<String, ByteBuffer> consumer, TopicPartition history,
			ConsumerRecord<String, ByteBuffer> first) {
		consumer.assign(List.of(history));
		long start = consumer.beginningOffsets(List.of(history)).get(history);
		if (start > 0) {
			this.listener.haltOnStart(new Position(this.topic.state(), HISTORY, start), "partition " + HISTORY + " of '"
					+ this.topic.name() + "' starts at offset " + start + ", so the commands this replica's partition "
					+ this.own
					+ " may lack cannot all be read. Rebuild it from a log whose partition 0 starts at offset 0");
			return -1;
		}
		consumer.seek(history, 0);
		long applied = 0;
		while (!this.stopping) {
			for (ConsumerRecord<String, ByteBuffer> record : consumer.poll(POLL).records(history)) {
				if (Objects.equals(record.value(), first.value())) {
					return applied;
				}
				if (!this.listener.applyJoining(record)) {
					return -1;
				}
				applied++;
			}
		}
		return -1;
	}

}
