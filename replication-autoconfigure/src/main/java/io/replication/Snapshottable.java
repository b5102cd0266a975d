package io.replication;

/**
 * Implemented by a {@code @ReplicatedState} bean whose state is worth snapshotting: the
 * starter takes a snapshot now and then, stores it next to the log, and a restarted or
 * new instance restores the newest snapshot and replays only the commands after it,
 * instead of the whole log.
 * <p>
 * The snapshot is written and read with the log's JSON mapper, as the type argument
 * {@code S} declares it (customized by {@code ReplicationJsonMapperCustomizer} beans).
 *
 * @param <S> the type of a snapshot
 * @author replication
 */
public interface Snapshottable<S> {

	/**
	 * Capture the state. Called on the thread that applies the state's commands, between
	 * two applies, so the value must be captured here and now; encoding and storing it
	 * happen on another thread afterwards, while commands are applied again. So the value
	 * returned must be an immutable copy, or a value this bean never changes afterwards
	 * (a persistent collection, copy-on-write); never a live view of the state.
	 * @return the state as it is now
	 */
	S snapshot();

	/**
	 * Replace the state by a snapshot. Called once, on start, before any command is
	 * applied; the commands after the snapshot are applied next.
	 * @param snapshot a value {@link #snapshot()} returned, on this or another instance
	 */
	void restore(S snapshot);

}
