package io.replication;

/**
 * Thrown when a replicated write or read fails. Two subclasses tell a writer what became
 * of its write: {@link WriteRejectedException} (certainly applied nowhere, safe to retry)
 * and {@link WriteOutcomeUnknownException} (it may still be applied). A command that
 * throws while applied is not a failure: its caller gets that exception. A read that
 * needs a position this instance has not applied in time gets a
 * {@link PositionNotReachedException}.
 *
 * @author replication
 */
public class ReplicationException extends RuntimeException {

	public ReplicationException(String message) {
		super(message);
	}

	public ReplicationException(String message, Throwable cause) {
		super(message, cause);
	}

}
