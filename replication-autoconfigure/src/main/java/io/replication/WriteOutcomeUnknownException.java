package io.replication;

/**
 * A replicated write whose fate could not be learned within
 * {@code replication.write-timeout}: it may be in the log, and then it is applied on
 * every instance, or it may not. The only failure that says "maybe"; a client that
 * retries it must be prepared to find it done (an idempotency key in the command makes
 * that safe).
 *
 * @author replication
 */
public class WriteOutcomeUnknownException extends ReplicationException {

	public WriteOutcomeUnknownException(String message) {
		super(message);
	}

	public WriteOutcomeUnknownException(String message, Throwable cause) {
		super(message, cause);
	}

}
