package io.replication.engine;

import org.jspecify.annotations.Nullable;

/**
 * The write sessions of one application: each thread has a session of its own, and a web
 * request opens a fresh one for its duration. Held per application, not per JVM, so that
 * two applications in one JVM (tests, say) never see each other's positions.
 *
 * @author replication
 */
public final class WriteSessions {

	private final ThreadLocal<WriteSession> threads = ThreadLocal.withInitial(WriteSession::new);

	private final ThreadLocal<@Nullable WriteSession> requests = new ThreadLocal<>();

	/**
	 * The session of the calling thread.
	 * @return the request's session while one is open, else the thread's own
	 */
	public WriteSession current() {
		WriteSession request = this.requests.get();
		return (request != null) ? request : this.threads.get();
	}

	/**
	 * Open a fresh session on the calling thread, for one request.
	 * @return the scope to close at the request's end
	 */
	public Scope open() {
		WriteSession previous = this.requests.get();
		WriteSession session = new WriteSession();
		this.requests.set(session);
		return new Scope(session, previous);
	}

	/**
	 * A session open on a thread until closed.
	 */
	public final class Scope implements AutoCloseable {

		private final WriteSession session;

		private final @Nullable WriteSession previous;

		private Scope(WriteSession session, @Nullable WriteSession previous) {
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
			if (this.previous != null) {
				WriteSessions.this.requests.set(this.previous);
			}
			else {
				WriteSessions.this.requests.remove();
			}
		}

	}

}
