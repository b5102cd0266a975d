package io.replication.sample.web;

import jakarta.validation.constraints.AssertTrue;

/**
 * Body of {@code POST /transfers}.
 *
 * @param from the account to debit
 * @param to the account to credit
 * @param amount the amount, in minor units
 * @author replication
 */
record TransferRequest(@AccountId String from, @AccountId String to, @Amount Long amount) {

	@AssertTrue(message = "from and to must be two different accounts")
	boolean isDistinctAccounts() {
		return this.from == null || !this.from.equals(this.to);
	}

}
