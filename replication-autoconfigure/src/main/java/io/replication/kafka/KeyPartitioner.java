package io.replication.kafka;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.common.utils.Utils;
import org.jspecify.annotations.Nullable;

/**
 * Picks the partition of a keyed state's command from the partition count the state is
 * configured with, not from the topic's count as the producer sees it now: partitions
 * added to the topic of a running state would otherwise send a key to another partition
 * than its earlier commands, and its order would be lost. The function is Kafka's own for
 * keyed records (murmur2 of the serialized key), so commands written before keep their
 * partition.
 *
 * @author replication
 */
final class KeyPartitioner {

	private static final KeyPartitioner NONE = new KeyPartitioner(0);

	private final int partitions;

	private KeyPartitioner(int partitions) {
		this.partitions = partitions;
	}

	/**
	 * The partitioner of a state's log.
	 * @param topic the state's log
	 * @return one that picks partitions for a keyed state of several partitions, or one
	 * that leaves the choice to the writer
	 */
	static KeyPartitioner of(TopicSpec topic) {
		return (topic.partitions() > 1 && !topic.partitionPerReplica()) ? new KeyPartitioner(topic.partitions()) : NONE;
	}

	/**
	 * The partition of a command.
	 * @param key its key, or {@code null}
	 * @return the partition, or {@code null} when the state has one partition, or one per
	 * replica
	 */
	@Nullable Integer partitionOf(@Nullable String key) {
		if (this.partitions == 0 || key == null) {
			return null;
		}
		return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % this.partitions;
	}

}
