package io.replication.kafka;

import java.time.Duration;

/**
 * Bounds of a state's write queue and of a group commit: how many concurrent writes share
 * one send or transaction.
 *
 * @param maxBatch most commands in one transaction; in write mode {@code idempotent},
 * most commands sent and not yet acknowledged
 * @param maxWait longest a transaction waits for more commands after its first
 * @param maxQueued most commands waiting to be sent; more are rejected at once
 * @param maxRecordBytes largest record sent; a larger write is rejected at once
 * @author replication
 */
public record GroupCommitSettings(int maxBatch, Duration maxWait, int maxQueued, int maxRecordBytes) {

	public GroupCommitSettings {
		if (maxBatch < 1) {
			throw new IllegalArgumentException("replication.group-commit.max-batch must be at least 1");
		}
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("replication.group-commit.max-wait must not be negative");
		}
		if (maxQueued < 1) {
			throw new IllegalArgumentException("replication.group-commit.max-queued must be at least 1");
		}
	}

}
