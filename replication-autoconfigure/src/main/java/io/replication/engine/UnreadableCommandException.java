package io.replication.engine;

/**
 * A record that cannot be applied: it does not decode, names an unknown command, or has a
 * newer format. Such a record halts its state; it is never skipped.
 *
 * @author replication
 */
public class UnreadableCommandException extends RuntimeException {

	public UnreadableCommandException(String message) {
		super(message);
	}

	public UnreadableCommandException(String message, Throwable cause) {
		super(message, cause);
	}

}
