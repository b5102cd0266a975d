package io.replication.sample.ledger;

/**
 * A command or read that names an account nobody opened.
 *
 * @author replication
 */
public class UnknownAccountException extends LedgerException {

	public UnknownAccountException(String account) {
		super(account, "No account '" + account + "'");
	}

}
