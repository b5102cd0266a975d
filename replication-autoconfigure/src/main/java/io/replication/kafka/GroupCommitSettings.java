package io.replication.kafka;

import java.time.Duration;

/**
 * Bounds of a group commit: how many concurrent writes share one transaction.
 *
 * @param maxBatch most commands in one transaction
 * @param maxWait longest a transaction waits for more commands after its first
 * @author replication
 */
public record GroupCommitSettings(int maxBatch, Duration maxWait) {

	public GroupCommitSettings {
		if (maxBatch < 1) {
			throw new IllegalArgumentException("replication.group-commit.max-batch must be at least 1");
		}
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("replication.group-commit.max-wait must not be negative");
		}
	}

}
