package io.replication.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * How far this instance has applied each partition of a state's log. Each partition has a
 * slot of its own, found once per run of its records in a batch, so recording an applied
 * command is one store rather than a map update, which locks the map's bin.
 *
 * @author replication
 */
final class AppliedPositions {

	private final Map<Integer, AtomicReference<@Nullable AppliedPosition>> slots = new ConcurrentHashMap<>();

	/**
	 * The slot of one partition, to record its commands in as they are applied.
	 * @param partition the partition
	 * @return its slot, holding {@code null} until a command was applied
	 */
	AtomicReference<@Nullable AppliedPosition> slot(int partition) {
		return this.slots.computeIfAbsent(partition, (key) -> new AtomicReference<>());
	}

	/**
	 * How far one partition was applied.
	 * @param partition the partition
	 * @return its position, or {@code null} if nothing of it was applied
	 */
	@Nullable AppliedPosition get(int partition) {
		AtomicReference<@Nullable AppliedPosition> slot = this.slots.get(partition);
		return (slot != null) ? slot.get() : null;
	}

	/**
	 * Record how far one partition was applied.
	 * @param partition the partition
	 * @param position its position
	 */
	void put(int partition, AppliedPosition position) {
		slot(partition).set(position);
	}

	/**
	 * How far each partition was applied.
	 * @return positions by partition; partitions with nothing applied are absent
	 */
	Map<Integer, AppliedPosition> copy() {
		Map<Integer, AppliedPosition> copy = new HashMap<>();
		this.slots.forEach((partition, slot) -> {
			AppliedPosition position = slot.get();
			if (position != null) {
				copy.put(partition, position);
			}
		});
		return Map.copyOf(copy);
	}

}
