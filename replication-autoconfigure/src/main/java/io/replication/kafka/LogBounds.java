package io.replication.kafka;

import java.util.Map;

/**
 * Where each partition of a state's log starts and where its committed part ends, as
 * Kafka answered: a snapshot is of use only if the log holds every command after it.
 *
 * @param starts the first offset still held, by partition
 * @param ends the committed end, by partition
 * @author replication
 */
record LogBounds(Map<Integer, Long> starts, Map<Integer, Long> ends) {

	static LogBounds of(KafkaQueries kafka, TopicSpec topic) {
		return new LogBounds(kafka.logStarts(topic), kafka.committedEnds(topic));
	}

	/**
	 * Whether a position is one of the partitions this instance reads. In the
	 * partition-per-replica topology, another replica's snapshot counts offsets of its
	 * own partition, which mean nothing in this one's.
	 * @param position the next offset to apply, by partition
	 * @return {@code true} if every partition of the position is read here
	 */
	boolean reads(Map<Integer, Long> position) {
		return this.starts.keySet().containsAll(position.keySet());
	}

	/**
	 * Whether the log holds what comes after a position, on every partition.
	 * @param position the next offset to apply, by partition; absent partitions start at
	 * 0
	 * @return {@code false} if a partition's log starts after it
	 */
	boolean holdsAfter(Map<Integer, Long> position) {
		return this.starts.entrySet()
			.stream()
			.allMatch((start) -> position.getOrDefault(start.getKey(), 0L) >= start.getValue());
	}

	/**
	 * Whether a position lies past the committed end on some partition: it belongs to an
	 * earlier log of the same name.
	 * @param position the next offset to apply, by partition
	 * @return {@code true} if it does
	 */
	boolean endsBefore(Map<Integer, Long> position) {
		return position.entrySet()
			.stream()
			.anyMatch((next) -> next.getValue() > this.ends.getOrDefault(next.getKey(), 0L));
	}

}
