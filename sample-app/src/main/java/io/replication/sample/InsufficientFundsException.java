package io.replication.sample;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * A transfer larger than the balance: refused the same way on every instance.
 *
 * @author replication
 */
@ResponseStatus(HttpStatus.CONFLICT)
public class InsufficientFundsException extends RuntimeException {

	public InsufficientFundsException(String account, long balance, long amount) {
		super("account " + account + " holds " + balance + ", cannot move " + amount);
	}

}
