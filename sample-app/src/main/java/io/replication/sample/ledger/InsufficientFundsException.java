package io.replication.sample.ledger;

/**
 * A withdrawal or transfer larger than the balance: an overdraft, which the ledger never
 * allows.
 *
 * @author replication
 */
public class InsufficientFundsException extends LedgerException {

	private final long balance;

	private final long amount;

	public InsufficientFundsException(String account, long balance, long amount) {
		super(account, "Account '" + account + "' holds " + balance + ", cannot take " + amount);
		this.balance = balance;
		this.amount = amount;
	}

	public long getBalance() {
		return this.balance;
	}

	public long getAmount() {
		return this.amount;
	}

}
