package io.replication.kafka;

import java.util.Map;

import io.replication.engine.SnapshotCodec;

/**
 * The snapshot settings of every state, and how snapshots are encoded.
 *
 * @param defaults settings of every state
 * @param byState settings by state name, replacing the defaults
 * @param codec encodes snapshots
 * @author replication
 */
public record SnapshotConfig(SnapshotSettings defaults, Map<String, SnapshotSettings> byState, SnapshotCodec codec) {

	public SnapshotConfig {
		byState = Map.copyOf(byState);
	}

	SnapshotSettings of(String state) {
		return this.byState.getOrDefault(state, this.defaults);
	}

}
