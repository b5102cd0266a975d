package io.replication.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.replication.ReplicationException;
import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;

/**
 * What a caller is told when its write stops waiting before it was applied here. The
 * truth depends on how far the write got: one still queued is withdrawn, so it is
 * rejected and applied nowhere; one in the log is applied by every instance that applies
 * the log, but its result is not known here; one sent but not confirmed may or may not be
 * in the log.
 *
 * @author replication
 */
public final class WriteFailures {

	private WriteFailures() {
	}

	/**
	 * Why a write whose caller's deadline passed stops waiting.
	 * @param writeTimeout the write timeout
	 * @return the reason, to pass to {@link #stoppedWaiting(PendingWrite, String)}
	 */
	public static String timedOut(Duration writeTimeout) {
		return "was not applied on this instance within " + writeTimeout + " (replication.write-timeout)";
	}

	/**
	 * The failure for a write that stops waiting.
	 * @param write the waiting write
	 * @param why why it stops waiting, a sentence without a full stop
	 * @return a {@link WriteRejectedException} if the write certainly never reaches the
	 * log, else a {@link WriteOutcomeUnknownException}
	 */
	public static ReplicationException stoppedWaiting(PendingWrite write, String why) {
		if (write.append().withdraw()) {
			return new WriteRejectedException(
					"Write '" + write.name() + "' " + why + ". It was not sent, so it is applied nowhere");
		}
		CompletableFuture<Position> committed = write.append().committed();
		if (committed.isDone() && !committed.isCompletedExceptionally()) {
			return new WriteOutcomeUnknownException(
					"Write '" + write.name() + "' " + why + ". It is in the log at " + committed.join()
							+ ", so every instance that applies the log applies it; its result is not " + "known here");
		}
		// Java 17 has no exceptionNow().
		Throwable failure = committed.handle((position, ex) -> ex).getNow(null);
		if (failure instanceof ReplicationException replicationFailure) {
			return replicationFailure;
		}
		return new WriteOutcomeUnknownException("Write '" + write.name() + "' " + why
				+ ". It was sent and Kafka has not confirmed it yet, so it may still be applied");
	}

}
