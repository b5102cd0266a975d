package io.replication.sample.ledger;

/**
 * A command the ledger refuses. Refusals depend only on the ledger's state, so every
 * replica refuses the same command the same way.
 *
 * @author replication
 */
public abstract class LedgerException extends RuntimeException {

	private final String account;

	protected LedgerException(String account, String message) {
		super(message);
		this.account = account;
	}

	/**
	 * The account the refusal is about.
	 * @return the account id
	 */
	public String getAccount() {
		return this.account;
	}

}
