package io.replication.kafka;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.replication.engine.CommandApplier;
import io.replication.engine.CommandOutcome;
import io.replication.engine.Position;
import io.replication.engine.StateDefinition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * Applies a state's committed commands in offset order, on the consumer thread of each
 * partition. This instance's position in the log lives here, in memory, with the state it
 * describes: after a rebalance each partition resumes after the last command applied, so
 * nothing is applied twice; a new instance starts from the beginning. Offsets are
 * committed after apply, now and then, for lag reporting only.
 * <p>
 * A record that cannot be applied halts the state: the consumers seek back to it and
 * pause, so it is neither skipped nor followed.
 *
 * @author replication
 */
final class StateLogListener implements BatchConsumerAwareMessageListener<String, byte[]>, ConsumerSeekAware {

	private static final Log logger = LogFactory.getLog(StateLogListener.class);

	private final StateDefinition state;

	private final CommandApplier applier;

	private final CommandRecordCodec codec;

	private final Runnable pause;

	private final PositionCommitter committer;

	private final Map<Integer, AppliedPosition> applied = new ConcurrentHashMap<>();

	// The consumer's positions, past transaction markers: how far this instance has read.
	private final Map<Integer, Long> positions = new ConcurrentHashMap<>();

	private volatile @Nullable StateHalt halt;

	StateLogListener(StateDefinition state, CommandApplier applier, CommandRecordCodec codec, Runnable pause,
			PositionCommitter committer) {
		this.state = state;
		this.applier = applier;
		this.codec = codec;
		this.pause = pause;
		this.committer = committer;
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		for (TopicPartition partition : assignments.keySet()) {
			AppliedPosition position = this.applied.get(partition.partition());
			if (position != null) {
				callback.seek(partition.topic(), partition.partition(), position.nextOffset());
			}
			else {
				callback.seekToBeginning(partition.topic(), partition.partition());
			}
		}
	}

	@Override
	public void onMessage(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
		for (int i = 0; i < records.size(); i++) {
			if (this.halt != null) {
				rewind(consumer, records.subList(i, records.size()));
				return;
			}
			ConsumerRecord<String, byte[]> record = records.get(i);
			Position position = new Position(this.state.name(), record.partition(), record.offset());
			CommandOutcome outcome;
			try {
				outcome = this.applier.apply(this.state, this.codec.fromConsumerRecord(record), position,
						Instant.ofEpochMilli(record.timestamp()));
			}
			catch (RuntimeException ex) {
				halt(position, ex);
				rewind(consumer, records.subList(i, records.size()));
				return;
			}
			this.applied.put(record.partition(), new AppliedPosition(record.offset() + 1, record.timestamp()));
			outcome.deliver();
		}
		this.committer.afterBatch(consumer, recordPositions(partitionsOf(records), consumer));
	}

	// A batch lists each partition's records together, so a new TopicPartition is made
	// only where the partition changes rather than for every record.
	private static Set<TopicPartition> partitionsOf(List<ConsumerRecord<String, byte[]>> records) {
		Set<TopicPartition> partitions = new HashSet<>();
		int previous = -1;
		for (ConsumerRecord<String, byte[]> record : records) {
			if (record.partition() != previous) {
				partitions.add(new TopicPartition(record.topic(), record.partition()));
				previous = record.partition();
			}
		}
		return partitions;
	}

	/**
	 * The consumer found nothing to read for a while: record and commit its positions,
	 * which a read_committed consumer moves past the last transaction markers.
	 * @param consumer the idle consumer, on its own thread
	 */
	void idle(Consumer<?, ?> consumer) {
		if (this.halt == null) {
			this.committer.idle(consumer, recordPositions(consumer.assignment(), consumer));
		}
	}

	private Map<TopicPartition, Long> recordPositions(Collection<TopicPartition> partitions, Consumer<?, ?> consumer) {
		Map<TopicPartition, Long> reached = new HashMap<>();
		for (TopicPartition partition : partitions) {
			long position = consumer.position(partition);
			reached.put(partition, position);
			this.positions.put(partition.partition(), position);
		}
		return reached;
	}

	/**
	 * The consumer's position in each partition: the next offset it reads, past any
	 * transaction markers.
	 * @return positions by partition, as of the last batch or idle check
	 */
	Map<Integer, Long> positions() {
		return Map.copyOf(this.positions);
	}

	@Nullable StateHalt halt() {
		return this.halt;
	}

	/**
	 * How far this instance has applied the log.
	 * @return positions by partition; partitions with nothing applied are absent
	 */
	Map<Integer, AppliedPosition> applied() {
		return Map.copyOf(this.applied);
	}

	private synchronized void halt(Position position, RuntimeException ex) {
		if (this.halt != null) {
			return;
		}
		String reason = ex.getMessage();
		this.halt = new StateHalt(position, (reason != null) ? reason : ex.toString(), Instant.now());
		logger.error("State '" + this.state.name() + "' halted at " + position + ": " + reason
				+ ". Nothing from this record on is applied on this instance until it is dealt with", ex);
		this.pause.run();
	}

	private static void rewind(Consumer<?, ?> consumer, Collection<ConsumerRecord<String, byte[]>> unapplied) {
		Map<TopicPartition, Long> firsts = new LinkedHashMap<>();
		for (ConsumerRecord<String, byte[]> record : unapplied) {
			firsts.putIfAbsent(new TopicPartition(record.topic(), record.partition()), record.offset());
		}
		firsts.forEach(consumer::seek);
	}

}
