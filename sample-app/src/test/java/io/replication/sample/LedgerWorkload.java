package io.replication.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.replication.sample.ledger.Account;
import io.replication.sample.ledger.LedgerSummary;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent deposits, withdrawals and transfers on every instance, the bank test: money
 * enters only by an acknowledged deposit and leaves only by an acknowledged withdrawal,
 * so once every instance has applied everything, each must hold exactly that total, and
 * all must hold the same balances.
 */
public final class LedgerWorkload {

	private final List<LedgerClient> instances;

	private final List<String> accounts;

	private final AtomicLong expectedTotal = new AtomicLong();

	private final AtomicLong acknowledged = new AtomicLong();

	private final AtomicLong refused = new AtomicLong();

	public LedgerWorkload(List<LedgerClient> instances, int accounts) {
		this.instances = List.copyOf(instances);
		this.accounts = new ArrayList<>();
		for (int i = 0; i < accounts; i++) {
			this.accounts.add("account-" + i);
		}
	}

	/**
	 * Open every account, each on one of the instances in turn, and wait until every
	 * instance knows them all.
	 */
	public void openAccounts() {
		for (int i = 0; i < this.accounts.size(); i++) {
			assertThat(this.instances.get(i % this.instances.size()).open(this.accounts.get(i)))
				.isEqualTo(HttpStatus.CREATED);
		}
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> this.instances.forEach(
					(instance) -> assertThat(instance.accounts()).extracting(Account::id).containsAll(this.accounts)));
	}

	/**
	 * Run writers on every instance at once.
	 * @param writersPerInstance concurrent writers on each instance
	 * @param writesPerWriter writes each writer makes
	 */
	public void run(int writersPerInstance, int writesPerWriter) throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(writersPerInstance * this.instances.size());
		try {
			List<Future<?>> running = new ArrayList<>();
			for (LedgerClient instance : this.instances) {
				for (int i = 0; i < writersPerInstance; i++) {
					running.add(writers.submit(() -> write(instance, writesPerWriter)));
				}
			}
			for (Future<?> writer : running) {
				writer.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			writers.shutdownNow();
		}
	}

	private void write(LedgerClient instance, int writes) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < writes; i++) {
			String account = randomAccount(random);
			long amount = random.nextLong(1, 100);
			switch (random.nextInt(3)) {
				case 0 -> {
					if (acknowledged(instance.deposit(account, amount))) {
						this.expectedTotal.addAndGet(amount);
					}
				}
				case 1 -> {
					if (acknowledged(instance.withdraw(account, amount))) {
						this.expectedTotal.addAndGet(-amount);
					}
				}
				default -> {
					String to = randomAccount(random);
					if (!to.equals(account)) {
						acknowledged(instance.transfer(account, to, amount));
					}
				}
			}
		}
	}

	private String randomAccount(ThreadLocalRandom random) {
		return this.accounts.get(random.nextInt(this.accounts.size()));
	}

	// An overdraft is a legitimate answer: the command was logged and refused everywhere.
	private boolean acknowledged(HttpStatusCode status) {
		assertThat(status.value()).as("status of a write").isIn(200, 409);
		if (status.isSameCodeAs(HttpStatus.CONFLICT)) {
			this.refused.incrementAndGet();
			return false;
		}
		this.acknowledged.incrementAndGet();
		return true;
	}

	/**
	 * Wait until every instance has applied every write, then check they agree.
	 * @return the summary all instances answer with
	 */
	public LedgerSummary awaitConvergence() {
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (LedgerClient instance : this.instances) {
				assertThat(totalOfOwnAccounts(instance)).as("total balance on %s", instance)
					.isEqualTo(this.expectedTotal.get());
			}
			List<LedgerSummary> summaries = this.instances.stream().map(LedgerClient::summary).toList();
			assertThat(summaries).as("summaries").containsOnly(summaries.get(0));
		});
		return this.instances.get(0).summary();
	}

	// Only the workload's accounts: other writes may share the ledger.
	private long totalOfOwnAccounts(LedgerClient instance) {
		return instance.accounts()
			.stream()
			.filter((account) -> this.accounts.contains(account.id()))
			.mapToLong(Account::balance)
			.sum();
	}

	public long expectedTotal() {
		return this.expectedTotal.get();
	}

	public long acknowledged() {
		return this.acknowledged.get();
	}

	public long refused() {
		return this.refused.get();
	}

}
