package io.replication.testapp;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Makes a command wait on its applying thread, so that a test can act while an apply is
 * in progress.
 *
 * @param entered counted down when the apply starts waiting
 * @param release what it waits for (a minute at most)
 */
public record ApplyHold(CountDownLatch entered, CountDownLatch release) {

	/**
	 * Wait, on the applying thread, until released.
	 */
	public void await() {
		this.entered.countDown();
		try {
			this.release.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
