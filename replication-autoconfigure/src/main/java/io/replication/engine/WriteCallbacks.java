package io.replication.engine;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that complete the futures of asynchronous writes. The apply thread must never
 * run a caller's code: a stage chained with {@code thenApply} would run in the middle of
 * the log, and one that writes again and waits would stop the state.
 *
 * @author replication
 */
public final class WriteCallbacks implements Executor, AutoCloseable {

	private final ThreadPoolExecutor executor;

	public WriteCallbacks() {
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		AtomicInteger count = new AtomicInteger();
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "replication-callback-" + count.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	/**
	 * Run a callback on a callback thread; once they are shut down (the application is
	 * closing), on the calling thread, so that no caller's future is left incomplete.
	 */
	@Override
	public void execute(Runnable command) {
		try {
			this.executor.execute(command);
		}
		catch (RejectedExecutionException ex) {
			command.run();
		}
	}

	@Override
	public void close() {
		this.executor.shutdown();
	}

}
