package io.replication.sample.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

import io.replication.sample.LedgerClient;

import org.springframework.http.HttpStatusCode;

import static org.awaitility.Awaitility.await;

/**
 * Writers that move money between accounts on chosen instances until stopped, and record
 * every write with its reference and the answer its client got: the evidence a
 * {@link BankAudit} checks the instances' state against.
 */
final class BankLoad {

	private final List<String> accounts;

	private final Queue<Write> writes = new ConcurrentLinkedQueue<>();

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running = true;

	BankLoad(List<String> accounts) {
		this.accounts = List.copyOf(accounts);
	}

	/**
	 * Start writers on an instance.
	 * @param target the instance to write to
	 * @param count how many concurrent writers
	 */
	void start(LedgerClient target, int count) {
		for (int i = 0; i < count; i++) {
			String prefix = target.name() + "-w" + this.writers.size() + "-";
			Thread writer = new Thread(() -> write(target, prefix), "load-" + prefix);
			writer.setDaemon(true);
			this.writers.add(writer);
			writer.start();
		}
	}

	private void write(LedgerClient target, String prefix) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (long sequence = 0; this.running; sequence++) {
			String from = this.accounts.get(random.nextInt(this.accounts.size()));
			String to = this.accounts.get(random.nextInt(this.accounts.size()));
			if (from.equals(to)) {
				continue;
			}
			String reference = prefix + sequence;
			long start = System.nanoTime();
			Outcome outcome;
			try {
				HttpStatusCode status = target.transfer(from, to, random.nextLong(1, 10), reference);
				outcome = status.is2xxSuccessful() ? Outcome.ACKNOWLEDGED : (status.value() == 409) ? Outcome.REFUSED
						: (status.value() == 503) ? Outcome.REJECTED : Outcome.FAILED;
			}
			catch (RuntimeException ex) {
				outcome = Outcome.FAILED;
			}
			this.writes.add(new Write(reference, target.name(), outcome, start, System.nanoTime() - start));
			if (outcome == Outcome.FAILED || outcome == Outcome.REJECTED) {
				pace();
			}
		}
	}

	// An instance that is down answers at once: do not spin on it.
	private static void pace() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Wait until more writes matching a condition have been made than now.
	 * @param more how many more
	 * @param which the writes to count
	 */
	void awaitMore(int more, Predicate<Write> which) {
		long target = count(which) + more;
		await().atMost(Duration.ofSeconds(120)).until(() -> count(which) >= target);
	}

	long count(Predicate<Write> which) {
		return this.writes.stream().filter(which).count();
	}

	/**
	 * Stop every writer, after its write in flight.
	 * @return every write made
	 */
	List<Write> stop() throws InterruptedException {
		this.running = false;
		for (Thread writer : this.writers) {
			writer.join(90_000);
			if (writer.isAlive()) {
				throw new IllegalStateException(writer.getName() + " did not finish its write in 90 s");
			}
		}
		return List.copyOf(this.writes);
	}

	enum Outcome {

		/** 2xx: the client was told the transfer happened. */
		ACKNOWLEDGED,

		/** 409: the ledger refused it (an overdraft). */
		REFUSED,

		/** 503: the starter rejected it; it must be applied nowhere. */
		REJECTED,

		/**
		 * Any other error (504: outcome unknown) or no answer: the transfer may or may
		 * not have happened.
		 */
		FAILED

	}

	/**
	 * One write and the answer its client got.
	 *
	 * @param reference the transfer's reference
	 * @param instance the instance written to
	 * @param outcome the answer
	 * @param startNanos when it was sent, from {@link System#nanoTime()}
	 * @param latencyNanos how long the answer took
	 */
	record Write(String reference, String instance, Outcome outcome, long startNanos, long latencyNanos) {

		boolean acknowledged() {
			return this.outcome == Outcome.ACKNOWLEDGED;
		}

	}

}
