package io.replication.sample.crash;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.replication.sample.LedgerClient;
import io.replication.sample.ledger.Account;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Accounts funded well enough that no transfer of the load can overdraw them: every
 * transfer then succeeds wherever it lands in the log, and its reference on the
 * statements tells whether it was applied.
 */
final class Bank {

	private static final long FUNDS = 1_000_000;

	private final List<String> accounts;

	private Bank(List<String> accounts) {
		this.accounts = accounts;
	}

	/**
	 * Open and fund accounts through one instance and wait until all know them.
	 * @param instances every instance
	 * @param count how many accounts
	 * @return the bank
	 */
	static Bank open(List<LedgerClient> instances, int count) {
		List<String> accounts = IntStream.range(0, count).mapToObj((i) -> "account-" + i).toList();
		LedgerClient first = instances.get(0);
		for (String account : accounts) {
			assertThat(first.open(account)).isEqualTo(HttpStatus.CREATED);
			assertThat(first.deposit(account, FUNDS, "funds-" + account)).isEqualTo(HttpStatus.OK);
		}
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> instances.forEach((instance) -> assertThat(instance.accounts())
				.containsAll(accounts.stream().map((id) -> new Account(id, FUNDS)).toList())));
		return new Bank(accounts);
	}

	BankLoad load() {
		return new BankLoad(this.accounts);
	}

	BankAudit audit() {
		return new BankAudit(this.accounts, FUNDS * this.accounts.size());
	}

}
