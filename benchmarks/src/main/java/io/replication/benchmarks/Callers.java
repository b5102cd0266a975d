package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The daemon threads that play a benchmark's callers, each making one call after another
 * until stopped.
 */
final class Callers {

	private final AtomicBoolean stopped = new AtomicBoolean();

	private final List<Thread> threads = new ArrayList<>();

	private Callers() {
	}

	/**
	 * Start callers.
	 * @param count how many threads
	 * @param name their name, numbered
	 * @param call one call, made over and over by each thread
	 * @return the running callers
	 */
	static Callers start(int count, String name, Call call) {
		Callers callers = new Callers();
		for (int i = 0; i < count; i++) {
			Thread thread = new Thread(callers.loop(call), name + "-" + i);
			thread.setDaemon(true);
			callers.threads.add(thread);
			thread.start();
		}
		return callers;
	}

	private Runnable loop(Call call) {
		return () -> {
			try {
				while (!this.stopped.get()) {
					call.run();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	/**
	 * Let every call in progress finish, then stop. Calls are not interrupted: that would
	 * count as failures.
	 */
	void stop() throws InterruptedException {
		this.stopped.set(true);
		for (Thread thread : this.threads) {
			thread.join();
		}
	}

	@FunctionalInterface
	interface Call {

		void run() throws InterruptedException;

	}

}
