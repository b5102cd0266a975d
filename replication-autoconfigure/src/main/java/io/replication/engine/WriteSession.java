package io.replication.engine;

import java.util.Map;

import io.replication.ReplicationPosition;

/**
 * The positions that one thread's writes, or one request's, reached in the log: what a
 * reader elsewhere must wait for to read them. Each thread has a session of its own; a
 * web request opens a fresh one for its duration. A write records its position in the
 * session of the thread that called it, before its caller gets the outcome, whichever
 * thread applies it.
 *
 * @author replication
 */
public final class WriteSession {

	private static final ThreadLocal<WriteSession> CURRENT = ThreadLocal.withInitial(WriteSession::new);

	private volatile ReplicationPosition written = ReplicationPosition.EMPTY;

	/**
	 * The session of the calling thread.
	 * @return the request's session while one is open, else the thread's own
	 */
	public static WriteSession current() {
		return CURRENT.get();
	}

	/**
	 * Open a fresh session on the calling thread, for one request.
	 * @return the scope to close at the request's end, which restores the previous
	 * session
	 */
	public static Scope open() {
		WriteSession previous = CURRENT.get();
		WriteSession session = new WriteSession();
		CURRENT.set(session);
		return new Scope(session, previous);
	}

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

	/**
	 * A session open on a thread until closed.
	 */
	public static final class Scope implements AutoCloseable {

		private final WriteSession session;

		private final WriteSession previous;

		private Scope(WriteSession session, WriteSession previous) {
			this.session = session;
			this.previous = previous;
		}

		/**
		 * The session this scope opened.
		 * @return the session
		 */
		public WriteSession session() {
			return this.session;
		}

		@Override
		public void close() {
			CURRENT.set(this.previous);
		}

	}

}
