package io.replication.sample.web;

import jakarta.validation.constraints.AssertTrue;
import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /transfers}.
 *
 * @param from the account to debit
 * @param to the account to credit
 * @param amount the amount, in minor units
 * @param reference the client's reference for the write, if it has one
 * @author replication
 */
record TransferRequest(@AccountId String from, @AccountId String to, @Amount Long amount,
		@Reference @Nullable String reference) {

	@AssertTrue(message = "from and to must be two different accounts")
	boolean isDistinctAccounts() {
		return this.from == null || !this.from.equals(this.to);
	}

}
