package io.replication.engine;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends the wait of every write whose caller's deadline has passed, so that asynchronous
 * writes, whose callers do not wait on a thread, end within
 * {@code replication.write-timeout} too. One thread sweeps the waiting calls a few times
 * a second: cheaper than a timer per write, and the calls waiting at any time are few.
 *
 * @author replication
 */
public final class WriteTimeouts implements AutoCloseable {

	private final ScheduledExecutorService sweeper;

	/**
	 * Start sweeping.
	 * @param pending the calls waiting for their commands
	 * @param writeTimeout how long a caller waits; sweeps run at a tenth of it, at most
	 * every 50 ms
	 */
	public WriteTimeouts(PendingInvocations pending, Duration writeTimeout) {
		String why = WriteFailures.timedOut(writeTimeout);
		this.sweeper = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replication-write-timeouts");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, Math.min(50, writeTimeout.toMillis() / 10));
		this.sweeper.scheduleWithFixedDelay(
				() -> pending.expire(System.nanoTime(), (write) -> WriteFailures.stoppedWaiting(write, why)), period,
				period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.sweeper.shutdownNow();
	}

}
