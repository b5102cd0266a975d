package io.replication.testapp;

/**
 * A checked exception thrown by a command: a deterministic outcome of applying it.
 */
public class InsufficientFundsException extends Exception {

	public InsufficientFundsException(String account, long balance, long amount) {
		super("account " + account + " holds " + balance + ", cannot move " + amount);
	}

}
