package io.replication.engine;

import java.util.HashMap;
import java.util.Map;

import io.replication.ReplicationPosition;
import org.jspecify.annotations.Nullable;

/**
 * The positions that one thread's writes, or one request's, reached in the log: what a
 * reader elsewhere must wait for to read them. A write records its position in the
 * session of the thread that called it ({@link WriteSessions#current()}), before its
 * caller gets the outcome, whichever thread applies it.
 * <p>
 * Every applied write of this instance records its position, and few are ever read back,
 * so recording only moves an offset forward; the {@link ReplicationPosition} is built
 * when asked for.
 *
 * @author replication
 */
public final class WriteSession {

	// Next offset to reach, by state and partition.
	private final Map<String, Map<Integer, Long>> offsets = new HashMap<>(4);

	private @Nullable ReplicationPosition written = ReplicationPosition.EMPTY;

	/**
	 * The positions the session's writes reached so far.
	 * @return their merge; empty if it wrote nothing
	 */
	public synchronized ReplicationPosition written() {
		ReplicationPosition position = this.written;
		if (position == null) {
			position = ReplicationPosition.EMPTY;
			for (Map.Entry<String, Map<Integer, Long>> state : this.offsets.entrySet()) {
				position = position.merge(ReplicationPosition.of(state.getKey(), state.getValue()));
			}
			this.written = position;
		}
		return position;
	}

	synchronized void written(Position position) {
		Map<Integer, Long> partitions = this.offsets.computeIfAbsent(position.state(), (state) -> new HashMap<>(2));
		Long reached = partitions.get(position.partition());
		if (reached == null || reached <= position.offset()) {
			partitions.put(position.partition(), position.offset() + 1);
			this.written = null;
		}
	}

}
