package io.replication;

/**
 * Thrown when a replicated write cannot be carried out: its append to the log failed, it
 * was refused, or it was not applied in time. A write that fails this way before its
 * append succeeded is applied nowhere.
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
