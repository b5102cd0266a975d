package io.replication.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Commits how far this instance has read a state's log to its consumer group. Only lag
 * reports read these offsets (this instance resumes from the position it keeps in
 * memory), so each partition is committed at most once per interval while records flow,
 * and once more when its consumer goes idle, so an idle, caught-up replica shows lag 0.
 * Committing after every batch would cost the broker a request per write and replica.
 * <p>
 * Not the container's {@code AckMode.TIME} with {@code fixTxOffsets}: the container
 * commits what it handed the listener, including records a halted state rewound and never
 * applied, while the cluster view reads these offsets as applied positions; a halted
 * replica would look caught up.
 * <p>
 * Called on the consumer threads; each partition belongs to one of them at a time.
 *
 * @author replication
 */
final class PositionCommitter {

	private static final Log logger = LogFactory.getLog(PositionCommitter.class);

	private final long intervalNanos;

	private final Map<TopicPartition, Commit> commits = new ConcurrentHashMap<>();

	/**
	 * Create a committer.
	 * @param interval least time between two commits of a partition while records flow
	 */
	PositionCommitter(Duration interval) {
		this.intervalNanos = interval.toNanos();
	}

	/**
	 * Commit the positions a batch reached, for the partitions whose last commit is at
	 * least an interval old.
	 * @param consumer the consumer that read the batch
	 * @param positions its positions after the batch
	 */
	void afterBatch(Consumer<?, ?> consumer, Map<TopicPartition, Long> positions) {
		commit(consumer, positions, false);
	}

	/**
	 * Commit every position not committed yet: the consumer has nothing more to read.
	 * @param consumer the idle consumer
	 * @param positions its positions
	 */
	void idle(Consumer<?, ?> consumer, Map<TopicPartition, Long> positions) {
		commit(consumer, positions, true);
	}

	private void commit(Consumer<?, ?> consumer, Map<TopicPartition, Long> positions, boolean idle) {
		long now = System.nanoTime();
		Map<TopicPartition, OffsetAndMetadata> due = new HashMap<>();
		positions.forEach((partition, position) -> {
			Commit last = this.commits.get(partition);
			if (last == null || (last.offset() != position && (idle || now - last.nanos() >= this.intervalNanos))) {
				due.put(partition, new OffsetAndMetadata(position));
			}
		});
		if (due.isEmpty()) {
			return;
		}
		due.forEach((partition, offset) -> this.commits.put(partition, new Commit(offset.offset(), now)));
		consumer.commitAsync(due, (offsets, failure) -> {
			if (failure != null) {
				// Forget them, so the next batch or idle check commits again.
				offsets.keySet().forEach(this.commits::remove);
				logger.debug("Committing positions " + offsets + " failed; retried with the next ones", failure);
			}
		});
	}

	private record Commit(long offset, long nanos) {

	}

}
