package io.replication.benchmarks;

/**
 * Starts the daemon threads that play a benchmark's callers.
 */
final class Callers {

	private Callers() {
	}

	static Thread start(String name, Runnable work) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
