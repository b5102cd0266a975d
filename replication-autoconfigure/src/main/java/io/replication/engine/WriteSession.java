package io.replication.engine;

import java.util.Map;

import io.replication.ReplicationPosition;

/**
 * The positions that one thread's writes, or one request's, reached in the log: what a
 * reader elsewhere must wait for to read them. A write records its position in the
 * session of the thread that called it ({@link WriteSessions#current()}), before its
 * caller gets the outcome, whichever thread applies it.
 *
 * @author replication
 */
public final class WriteSession {

	private volatile ReplicationPosition written = ReplicationPosition.EMPTY;

	/**
	 * The positions the session's writes reached so far.
	 * @return their merge; empty if it wrote nothing
	 */
	public ReplicationPosition written() {
		return this.written;
	}

	synchronized void written(Position position) {
		this.written = this.written
			.merge(ReplicationPosition.of(position.state(), Map.of(position.partition(), position.offset() + 1)));
	}

}
