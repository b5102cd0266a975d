package io.replication.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyPartitioner}.
 */
class KeyPartitionerTests {

	private final KeyPartitioner partitioner = KeyPartitioner
		.of(new TopicSpec("counters", "replication.counters", 3, null, null, false, null));

	@Test
	void keysGoWhereKafkasDefaultPartitionerSentThemSoCommandsAlreadyLoggedKeepTheirPartition() {
		IntStream.range(0, 1000)
			.mapToObj((i) -> "key-" + i)
			.forEach((key) -> assertThat(this.partitioner.partitionOf(key))
				.isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(StandardCharsets.UTF_8), 3)));
	}

	@Test
	void aStateOfOnePartitionOrOnePerReplicaLeavesThePartitionToTheWriter() {
		assertThat(KeyPartitioner.of(new TopicSpec("s", "t", 1, null, null, false, null)).partitionOf("a")).isNull();
		assertThat(KeyPartitioner
			.of(new TopicSpec("s", "t", 3, null, null, false, new ReplicaPartitions(List.of("a", "b", "c"), 0)))
			.partitionOf("a")).isNull();
		assertThat(this.partitioner.partitionOf(null)).isNull();
	}

}
