package io.replication.kafka;

import java.time.Duration;

/**
 * When and how a state that implements {@code Snapshottable} is snapshotted.
 *
 * @param enabled whether its snapshots are taken and restored
 * @param everyCommands commands applied since the last snapshot before the next one
 * @param minInterval least time between two snapshots
 * @param chunkSize largest chunk record, in bytes
 * @param trimLog whether log records every replica's snapshot covers are deleted
 * @author replication
 */
public record SnapshotSettings(boolean enabled, long everyCommands, Duration minInterval, int chunkSize,
		boolean trimLog) {

	/**
	 * DESIGN's policy: every 100,000 commands, at most once a minute, 512 KiB chunks, the
	 * log kept whole.
	 */
	public static final SnapshotSettings DEFAULTS = new SnapshotSettings(true, 100_000, Duration.ofMinutes(1),
			512 * 1024, false);

	public SnapshotSettings {
		if (everyCommands < 1) {
			throw new IllegalArgumentException("replication.snapshot.every-commands must be at least 1");
		}
		if (minInterval.isNegative()) {
			throw new IllegalArgumentException("replication.snapshot.min-interval must not be negative");
		}
		if (chunkSize < 1024) {
			throw new IllegalArgumentException("replication.snapshot.chunk-size must be at least 1KB");
		}
	}

	/**
	 * Whether a snapshot is due.
	 * @param commandsSince commands applied since the last snapshot
	 * @param nanosSince time since the last snapshot, or since start
	 * @return whether to take one now
	 */
	boolean due(long commandsSince, long nanosSince) {
		return this.enabled && commandsSince >= this.everyCommands && nanosSince >= this.minInterval.toNanos();
	}

}
