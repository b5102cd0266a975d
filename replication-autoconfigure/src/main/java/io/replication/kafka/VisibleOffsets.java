package io.replication.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How much of a state's log a read of the state may have seen, partition by partition:
 * the offset after the last command whose apply has begun. The consumer's position moves
 * only after a whole batch, so a read in the middle of a batch sees commands past it;
 * this is advanced before each apply, and the state's own change publishes it, so a
 * position taken after a read covers every command that read could see.
 *
 * @author replication
 */
final class VisibleOffsets {

	private final Map<Integer, AtomicLong> offsets = new ConcurrentHashMap<>();

	/**
	 * The frontier of one partition, to advance as its commands are applied.
	 * @param partition the partition
	 * @return its frontier, 0 until a command was applied
	 */
	AtomicLong of(int partition) {
		return this.offsets.computeIfAbsent(partition, (key) -> new AtomicLong());
	}

	/**
	 * Merge the frontiers into positions read from the consumers.
	 * @param positions the consumers' positions, by partition
	 * @return each partition's larger offset
	 */
	Map<Integer, Long> coveringWith(Map<Integer, Long> positions) {
		Map<Integer, Long> covering = new HashMap<>(positions);
		this.offsets.forEach((partition, offset) -> {
			long visible = offset.get();
			if (visible > 0) {
				covering.merge(partition, visible, Math::max);
			}
		});
		return covering;
	}

}
