package io.replication.kafka;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import io.replication.engine.CommandApplier;
import io.replication.engine.CommandOutcome;
import io.replication.engine.Position;
import io.replication.engine.StateDefinition;
import io.replication.status.StateHalt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.kafka.support.Acknowledgment;

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
final class StateLogListener implements BatchMessageListener<String, ByteBuffer> {

	private static final Log logger = LogFactory.getLog(StateLogListener.class);

	private final StateDefinition state;

	private final CommandApplier applier;

	private final CommandRecordCodec codec;

	private final java.util.function.Consumer<StateHalt> onHalt;

	private final PositionCommitter committer;

	private final AppliedPositions applied = new AppliedPositions();

	private final PartitionOwners owners = new PartitionOwners();

	// The consumer's positions, past transaction markers: how far this instance has read.
	private final Map<Integer, Long> positions = new ConcurrentHashMap<>();

	// How far reads may have seen: ahead of the positions in the middle of a batch.
	private final VisibleOffsets visible = new VisibleOffsets();

	private volatile @Nullable StateHalt halt;

	private final List<ReadWatch> watches = new CopyOnWriteArrayList<>();

	private final @Nullable SnapshotTrigger snapshots;

	/**
	 * Create a listener.
	 * @param state the state applied
	 * @param applier applies its commands
	 * @param codec reads its records
	 * @param onHalt told once when the state halts here, on the consumer thread; it must
	 * pause the consumers
	 * @param committer commits positions for lag reports
	 * @param snapshots takes the state's snapshots, or {@code null} if it has none
	 */
	StateLogListener(StateDefinition state, CommandApplier applier, CommandRecordCodec codec,
			java.util.function.Consumer<StateHalt> onHalt, PositionCommitter committer,
			@Nullable SnapshotTrigger snapshots) {
		this.state = state;
		this.applier = applier;
		this.codec = codec;
		this.onHalt = onHalt;
		this.committer = committer;
		this.snapshots = snapshots;
	}

	/**
	 * The state was restored from a snapshot before any record is read: go on after it.
	 * @param manifest the snapshot restored
	 */
	void restored(SnapshotManifest manifest) {
		manifest.position().forEach((partition, next) -> {
			this.applied.put(partition,
					new AppliedPosition(next, manifest.timestamps().getOrDefault(partition, manifest.takenAt())));
			this.positions.put(partition, next);
		});
	}

	/**
	 * Set where each assigned partition is read from: right after the last command
	 * applied, or offset 0 for a partition this instance has applied nothing of. An
	 * explicit offset, not "the beginning": a log whose first records are gone no longer
	 * has it, and that halts the state instead of skipping them. Done here, on the
	 * consumer, because the consumers reset no offsets and have none to start from. A
	 * partition taken from a sibling consumer still applying one of its commands is set
	 * once that apply has ended (see {@link PartitionOwners}).
	 * @param consumer the consumer the partitions were assigned to
	 * @param partitions the partitions
	 */
	void seekOnAssignment(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
		for (TopicPartition partition : partitions) {
			this.owners.assign(partition.partition(), consumer, () -> {
				AppliedPosition position = this.applied.get(partition.partition());
				consumer.seek(partition, (position != null) ? position.nextOffset() : 0);
			});
		}
	}

	// The poll's records as Kafka hands them over, a list per partition: Spring Kafka
	// copies them into one list otherwise, a copy the apply thread's profile showed.
	@Override
	public boolean wantsPollResult() {
		return true;
	}

	@Override
	public void onMessage(ConsumerRecords<String, ByteBuffer> records, @Nullable Acknowledgment acknowledgment,
			Consumer<String, ByteBuffer> consumer) {
		if (this.snapshots == null) {
			applyBatch(records, consumer);
			return;
		}
		int applied;
		this.snapshots.enterBatch();
		try {
			applied = applyBatch(records, consumer);
		}
		finally {
			this.snapshots.exitBatch();
		}
		if (this.halt == null) {
			this.snapshots.applied(applied, this::applied);
		}
	}

	/**
	 * Not called: the container hands this listener whole polls (see
	 * {@link #wantsPollResult()}).
	 * @param records the records
	 */
	@Override
	public void onMessage(List<ConsumerRecord<String, ByteBuffer>> records) {
		throw new UnsupportedOperationException("StateLogListener applies whole polls, not lists of records");
	}

	/**
	 * Apply a batch up to its end or to a record that halts the state.
	 * @return how many commands were applied
	 */
	private int applyBatch(ConsumerRecords<String, ByteBuffer> records, Consumer<?, ?> consumer) {
		int appliedCount = 0;
		CommandApplier.LastCommand lastCommand = new CommandApplier.LastCommand();
		try (PartitionRunLock owned = new PartitionRunLock(this.owners, consumer)) {
			for (TopicPartition partition : records.partitions()) {
				List<ConsumerRecord<String, ByteBuffer>> run = records.records(partition);
				AtomicLong frontier = this.visible.of(partition.partition());
				AtomicReference<@Nullable AppliedPosition> appliedSlot = this.applied.slot(partition.partition());
				for (int i = 0; i < run.size(); i++) {
					ConsumerRecord<String, ByteBuffer> record = run.get(i);
					if (this.halt != null) {
						rewind(consumer, records, partition, record.offset());
						return appliedCount;
					}
					if (!owned.lockIfOwner(record.partition())) {
						// Its partition moved to a sibling consumer, which reads on from
						// the last command applied.
						continue;
					}
					AppliedPosition last = appliedSlot.get();
					if (last != null && record.offset() < last.nextOffset()) {
						// Never apply a record twice, whatever moved the consumer back.
						continue;
					}
					CommandOutcome outcome = applyVisibly(record, frontier, lastCommand);
					if (outcome == null) {
						rewind(consumer, records, partition, record.offset());
						return appliedCount;
					}
					// A release store is enough: the position is immutable, and every
					// other thread reads the slot with a volatile read.
					appliedSlot.setRelease(new AppliedPosition(record.offset() + 1, record.timestamp()));
					appliedCount++;
					outcome.deliver();
				}
			}
		}
		this.committer.afterBatch(consumer, recordPositions(records.partitions(), consumer));
		return appliedCount;
	}

	/**
	 * Apply a command of another replica's partition while this replica joins a
	 * partition-per-replica set (see {@link ReplicaJoining}). Its offset is not this
	 * instance's position: reading goes on in the replica's own partition.
	 * @param record the command
	 * @return {@code false} if it halted the state
	 */
	boolean applyJoining(ConsumerRecord<String, ByteBuffer> record) {
		CommandOutcome outcome = applyVisibly(record, this.visible.of(record.partition()),
				new CommandApplier.LastCommand());
		if (outcome == null) {
			return false;
		}
		outcome.deliver();
		return true;
	}

	/**
	 * Apply one command, or halt the state at it, with its partition's frontier moved
	 * past it first: reads may see it from the moment its apply begins. A command that
	 * halts the state leaves the frontier past it: one that crashed may have left its
	 * change half done, and reads may have seen that half.
	 * @return its outcome, or {@code null} if the state halted
	 */
	private @Nullable CommandOutcome applyVisibly(ConsumerRecord<String, ByteBuffer> record, AtomicLong frontier,
			CommandApplier.LastCommand lastCommand) {
		// No fence: the state's change is published to its readers after this store,
		// and publishes it with it.
		frontier.setRelease(record.offset() + 1);
		return applyOrHalt(record, lastCommand);
	}

	/**
	 * Apply one command, or halt the state at it if it cannot be applied.
	 * @return its outcome, or {@code null} if the state halted
	 */
	private @Nullable CommandOutcome applyOrHalt(ConsumerRecord<String, ByteBuffer> record,
			CommandApplier.LastCommand lastCommand) {
		Position position = new Position(this.state.name(), record.partition(), record.offset());
		try {
			return this.applier.apply(this.state, this.codec.fromConsumerRecord(record), position, record.timestamp(),
					lastCommand);
		}
		catch (RuntimeException | Error ex) {
			halt(position, ex);
			return null;
		}
	}

	/**
	 * The consumer found nothing to read for a while: record and commit its positions,
	 * which a read_committed consumer moves past the last transaction markers.
	 * @param consumer the idle consumer, on its own thread
	 */
	void idle(Consumer<?, ?> consumer) {
		if (this.halt == null) {
			this.committer.idle(consumer, recordPositions(consumer.assignment(), consumer));
			if (this.snapshots != null) {
				this.snapshots.applied(0, this::applied);
			}
		}
	}

	private Map<TopicPartition, Long> recordPositions(Collection<TopicPartition> partitions, Consumer<?, ?> consumer) {
		Map<TopicPartition, Long> reached = new HashMap<>();
		for (TopicPartition partition : partitions) {
			// A partition that moved to a sibling is the sibling's to report.
			ReentrantLock owned = this.owners.lockIfOwner(partition.partition(), consumer);
			if (owned != null) {
				try {
					long position = consumer.position(partition);
					reached.put(partition, position);
					this.positions.put(partition.partition(), position);
				}
				finally {
					owned.unlock();
				}
			}
		}
		if (!this.watches.isEmpty()) {
			this.watches.removeIf((watch) -> watch.completeIfReached(this.positions));
		}
		return reached;
	}

	/**
	 * A future that completes once this instance has read (and applied) a state's log up
	 * to given offsets.
	 * @param targets offsets to reach, by partition
	 * @return a future completed on a consumer thread
	 */
	CompletableFuture<Void> whenRead(Map<Integer, Long> targets) {
		ReadWatch watch = new ReadWatch(targets, new CompletableFuture<>());
		this.watches.add(watch);
		if (watch.completeIfReached(this.positions)) {
			this.watches.remove(watch);
		}
		return watch.reached();
	}

	/**
	 * The consumer's position in each partition: the next offset it reads, past any
	 * transaction markers.
	 * @return positions by partition, as of the last batch or idle check
	 */
	Map<Integer, Long> positions() {
		return Map.copyOf(this.positions);
	}

	/**
	 * Positions that cover every command a read of the state may have seen: the
	 * consumers' positions, or further in the middle of a batch.
	 * @return positions by partition
	 */
	Map<Integer, Long> visiblePositions() {
		return this.visible.coveringWith(this.positions);
	}

	@Nullable StateHalt halt() {
		return this.halt;
	}

	/**
	 * How far this instance has applied the log.
	 * @return positions by partition; partitions with nothing applied are absent
	 */
	Map<Integer, AppliedPosition> applied() {
		return this.applied.copy();
	}

	private void halt(Position position, Throwable ex) {
		String reason = ex.getMessage();
		halt(position, (reason != null) ? reason : ex.toString(), ex);
	}

	/**
	 * The consumer cannot read on from where this instance stands: the log no longer
	 * holds the next offset this instance needs (records deleted, or the log truncated by
	 * an unclean leader election). Halt rather than skip part of the log or apply it
	 * again.
	 * @param outOfRange the offsets that could not be read, by partition
	 */
	void outOfRange(Map<TopicPartition, Long> outOfRange) {
		outOfRange.forEach((partition, offset) -> halt(new Position(this.state.name(), partition.partition(), offset),
				"the log no longer holds offset " + offset + ", which this instance needs next: its records were "
						+ "deleted (retention, deleteRecords) or the log was truncated (unclean leader election). "
						+ "Nothing is skipped or applied twice; restart this instance so that it restores a snapshot "
						+ "covering the missing records (a Snapshottable state), or rebuild it from a log that "
						+ "starts at offset 0",
				null));
	}

	/**
	 * The log no longer held what this instance needed next, and a newer snapshot that
	 * the log follows was restored instead: read on after it.
	 * @param manifest the snapshot restored
	 * @param outOfRange the offsets that could not be read, by partition
	 * @param consumer the consumer, on its own thread
	 */
	void restoredWhileReading(SnapshotManifest manifest, Map<TopicPartition, Long> outOfRange,
			Consumer<?, ?> consumer) {
		restored(manifest);
		outOfRange.forEach((partition, offset) -> {
			long next = manifest.position().getOrDefault(partition.partition(), 0L);
			consumer.seek(partition, next);
			logger.warn("State '" + this.state.name() + "': the log no longer holds offset " + offset + " of partition "
					+ partition.partition() + ", which this instance needed next (it was trimmed meanwhile); restored "
					+ "the snapshot taken by '" + manifest.instanceId() + "' at " + manifest.position()
					+ " and reading on from offset " + next);
		});
	}

	/**
	 * The state cannot start here: halt it before anything is applied.
	 * @param position where it stands
	 * @param reason why, and what to do
	 */
	void haltOnStart(Position position, String reason) {
		halt(position, reason, null);
	}

	private synchronized void halt(Position position, String reason, @Nullable Throwable ex) {
		if (this.halt != null) {
			return;
		}
		StateHalt halted = new StateHalt(position, reason, Instant.now());
		this.halt = halted;
		logger.error("State '" + this.state.name() + "' halted at " + position + ": " + reason
				+ ". Nothing from this record on is applied on this instance until it is dealt with", ex);
		this.onHalt.accept(halted);
	}

	private record ReadWatch(Map<Integer, Long> targets, CompletableFuture<Void> reached) {

		boolean completeIfReached(Map<Integer, Long> positions) {
			if (this.reached.isDone()) {
				// Its waiter gave up.
				return true;
			}
			for (Map.Entry<Integer, Long> target : this.targets.entrySet()) {
				if (target.getValue() > 0 && positions.getOrDefault(target.getKey(), 0L) < target.getValue()) {
					return false;
				}
			}
			this.reached.complete(null);
			return true;
		}

	}

	/**
	 * Seek back to the records of a batch not applied: from a record on in its partition,
	 * and from the first record of each partition after it in the batch.
	 */
	private static void rewind(Consumer<?, ?> consumer, ConsumerRecords<String, ByteBuffer> records,
			TopicPartition stoppedIn, long stoppedAt) {
		consumer.seek(stoppedIn, stoppedAt);
		boolean after = false;
		for (TopicPartition partition : records.partitions()) {
			List<ConsumerRecord<String, ByteBuffer>> run = records.records(partition);
			if (after && !run.isEmpty()) {
				consumer.seek(partition, run.get(0).offset());
			}
			after |= partition.equals(stoppedIn);
		}
	}

}
