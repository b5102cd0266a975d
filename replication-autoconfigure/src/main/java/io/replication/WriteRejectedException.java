package io.replication;

/**
 * A replicated write that was certainly not appended to the log and never will be, so no
 * instance applies it: the instance is a read-only replica, the state is halted, fenced
 * or stopped, the write queue was full, the write was too large, its arguments cannot be
 * written as a record that reads back, Kafka refused it, or its caller gave up before it
 * was sent. Safe to retry.
 *
 * @author replication
 */
public class WriteRejectedException extends ReplicationException {

	public WriteRejectedException(String message) {
		super(message);
	}

	public WriteRejectedException(String message, Throwable cause) {
		super(message, cause);
	}

}
