package io.replication;

import java.util.Map;

/**
 * This instance had not applied a position within the wait: a read that needs it cannot
 * be served here yet. Another instance, or a later try, may serve it.
 *
 * @author replication
 */
public class PositionNotReachedException extends ReplicationException {

	private final String state;

	private final Map<Integer, Long> wanted;

	private final Map<Integer, Long> applied;

	/**
	 * Create the exception.
	 * @param message what was waited for, and how long
	 * @param state the first state found behind
	 * @param wanted the offsets waited for, by partition
	 * @param applied the offsets this instance had reached, by partition
	 */
	public PositionNotReachedException(String message, String state, Map<Integer, Long> wanted,
			Map<Integer, Long> applied) {
		super(message);
		this.state = state;
		this.wanted = Map.copyOf(wanted);
		this.applied = Map.copyOf(applied);
	}

	/**
	 * The state this instance is behind in.
	 * @return its name
	 */
	public String getState() {
		return this.state;
	}

	/**
	 * The offsets waited for.
	 * @return next offsets by partition
	 */
	public Map<Integer, Long> getWanted() {
		return this.wanted;
	}

	/**
	 * The offsets this instance had reached when it gave up.
	 * @return next offsets by partition
	 */
	public Map<Integer, Long> getApplied() {
		return this.applied;
	}

	/**
	 * How many records this instance is behind, summed over the partitions.
	 * @return records still to apply
	 */
	public long getRecordsBehind() {
		return this.wanted.entrySet()
			.stream()
			.mapToLong((entry) -> Math.max(0, entry.getValue() - this.applied.getOrDefault(entry.getKey(), 0L)))
			.sum();
	}

}
