package io.replication.kafka;

/**
 * A stored snapshot cannot be loaded: a chunk is missing, damaged or belongs to another
 * snapshot, or its bytes do not decode. It is never restored.
 *
 * @author replication
 */
final class CorruptSnapshotException extends RuntimeException {

	CorruptSnapshotException(String message) {
		super(message);
	}

	CorruptSnapshotException(String message, Throwable cause) {
		super(message, cause);
	}

}
