package io.replication.status;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Where replication stands on this instance, and what it knows of the other replicas.
 * Cheap to call, except {@link #clusterView(String)}, which asks Kafka.
 *
 * @author replication
 */
public interface ReplicationStatusSource {

	/**
	 * Whether replication is running on this instance.
	 * @return {@code true} between start and stop
	 */
	boolean isRunning();

	/**
	 * Whether every state has caught up with the end of its log seen at start.
	 * @return {@code true} once every state has been live
	 */
	boolean isCaughtUp();

	/**
	 * Where each state stands on this instance.
	 * @return the states, by name
	 */
	List<StateStatus> status();

	/**
	 * Where one state stands on this instance.
	 * @param state name of the state
	 * @return its status, or {@code null} for an unknown state
	 */
	@Nullable StateStatus status(String state);

	/**
	 * Every replica of a state known to Kafka, most caught-up first.
	 * @param state name of the state
	 * @return the replicas, or {@code null} for an unknown state
	 */
	@Nullable List<ReplicaView> clusterView(String state);

}
