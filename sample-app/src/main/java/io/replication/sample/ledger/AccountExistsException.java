package io.replication.sample.ledger;

/**
 * An attempt to open an account that is already open.
 *
 * @author replication
 */
public class AccountExistsException extends LedgerException {

	public AccountExistsException(String account) {
		super(account, "Account '" + account + "' is already open");
	}

}
