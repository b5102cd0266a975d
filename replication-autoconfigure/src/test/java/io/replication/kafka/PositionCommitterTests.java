package io.replication.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The throttling of position commits: pure logic, so Kafka's own {@link MockConsumer}
 * records what would be committed.
 */
class PositionCommitterTests {

	private static final TopicPartition P0 = new TopicPartition("log", 0);

	private static final TopicPartition P1 = new TopicPartition("log", 1);

	private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

	PositionCommitterTests() {
		this.consumer.assign(List.of(P0, P1));
	}

	@Test
	void firstBatchIsCommittedAndLaterOnesWaitForTheInterval() {
		PositionCommitter committer = new PositionCommitter(Duration.ofHours(1));
		committer.afterBatch(this.consumer, Map.of(P0, 5L));
		committer.afterBatch(this.consumer, Map.of(P0, 9L));
		assertThat(committed()).isEqualTo(Map.of(P0, 5L));
	}

	@Test
	void batchesAreCommittedOncePerInterval() throws InterruptedException {
		PositionCommitter committer = new PositionCommitter(Duration.ofMillis(50));
		committer.afterBatch(this.consumer, Map.of(P0, 5L));
		Thread.sleep(60);
		committer.afterBatch(this.consumer, Map.of(P0, 9L, P1, 3L));
		assertThat(committed()).isEqualTo(Map.of(P0, 9L, P1, 3L));
	}

	@Test
	void idleConsumerCommitsWhatTheIntervalHeldBack() {
		PositionCommitter committer = new PositionCommitter(Duration.ofHours(1));
		committer.afterBatch(this.consumer, Map.of(P0, 5L, P1, 2L));
		committer.afterBatch(this.consumer, Map.of(P0, 9L));
		committer.idle(this.consumer, Map.of(P0, 10L, P1, 2L));
		assertThat(committed()).isEqualTo(Map.of(P0, 10L, P1, 2L));
	}

	private Map<TopicPartition, Long> committed() {
		Map<TopicPartition, OffsetAndMetadata> committed = this.consumer.committed(Set.of(P0, P1));
		return committed.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() != null)
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().offset()));
	}

}
