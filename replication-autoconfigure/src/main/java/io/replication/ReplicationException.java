package io.replication;

/**
 * Thrown when a replicated write fails. Two subclasses tell the caller what became of it:
 * {@link WriteRejectedException} (certainly applied nowhere, safe to retry) and
 * {@link WriteOutcomeUnknownException} (it may still be applied). A command that throws
 * while applied is not a failure: its caller gets that exception.
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
