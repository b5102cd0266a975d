package io.replication.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * The questions replication asks Kafka's admin API, each bounded by one timeout.
 *
 * @author replication
 */
final class KafkaQueries {

	private final Admin admin;

	private final Duration timeout;

	KafkaQueries(Admin admin, Duration timeout) {
		this.admin = admin;
		this.timeout = timeout;
	}

	Admin admin() {
		return this.admin;
	}

	/**
	 * The committed end of each partition of a state's log that this instance reads: what
	 * {@code read_committed} readers can read up to.
	 * @param topic the state's topic
	 * @return end offsets by partition
	 */
	Map<Integer, Long> committedEnds(TopicSpec topic) {
		return committedEnds(topic, this.timeout);
	}

	/**
	 * The committed end of each partition of a state's log that this instance reads,
	 * asked within a timeout of the caller's.
	 * @param topic the state's topic
	 * @param timeout how long Kafka may take to answer
	 * @return end offsets by partition
	 */
	Map<Integer, Long> committedEnds(TopicSpec topic, Duration timeout) {
		return offsets(topic.name(), topic.readPartitions(), OffsetSpec.latest(), IsolationLevel.READ_COMMITTED,
				timeout);
	}

	/**
	 * The committed end of every partition of a state's log, whether this instance reads
	 * it or not.
	 * @param topic the state's topic
	 * @return end offsets by partition
	 */
	Map<Integer, Long> allCommittedEnds(TopicSpec topic) {
		return offsets(topic.name(), topic.allPartitions(), OffsetSpec.latest(), IsolationLevel.READ_COMMITTED,
				this.timeout);
	}

	/**
	 * The end of each partition of a state's log that this instance reads, committed or
	 * not (the high watermark): every record acknowledged so far lies before it.
	 * @param topic the state's topic
	 * @param timeout how long Kafka may take to answer
	 * @return end offsets by partition
	 */
	Map<Integer, Long> highWatermarks(TopicSpec topic, Duration timeout) {
		return offsets(topic.name(), topic.readPartitions(), OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED,
				timeout);
	}

	/**
	 * Where each partition of a state's log that this instance reads starts now: its
	 * first offset still held.
	 * @param topic the state's topic
	 * @return start offsets by partition
	 */
	Map<Integer, Long> logStarts(TopicSpec topic) {
		return offsets(topic.name(), topic.readPartitions(), OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED,
				this.timeout);
	}

	private Map<Integer, Long> offsets(String topic, List<Integer> partitions, OffsetSpec spec,
			IsolationLevel isolation, Duration timeout) {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (int partition : partitions) {
			request.put(new TopicPartition(topic, partition), spec);
		}
		Map<Integer, Long> offsets = new TreeMap<>();
		ListOffsetsOptions options = new ListOffsetsOptions(isolation);
		options.timeoutMs((int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
		await(this.admin.listOffsets(request, options).all(), timeout)
			.forEach((partition, info) -> offsets.put(partition.partition(), info.offset()));
		return offsets;
	}

	/**
	 * Wait for an admin call, at most the timeout.
	 * @param <T> the result type
	 * @param future the call
	 * @return its result
	 * @throws IllegalStateException if it failed or did not answer in time
	 */
	<T> T await(KafkaFuture<T> future) {
		return await(future, this.timeout);
	}

	private <T> T await(KafkaFuture<T> future, Duration timeout) {
		try {
			return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while asking Kafka", ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Kafka did not answer: " + ex, ex);
		}
	}

}
