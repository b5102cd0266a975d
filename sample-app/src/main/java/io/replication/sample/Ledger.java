package io.replication.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

import org.springframework.stereotype.Component;

/**
 * Account balances, the same on every instance. Money is only moved, so the total is an
 * invariant.
 *
 * @author replication
 */
@Component
@ReplicatedState("ledger")
public class Ledger {

	private final Map<String, Long> balances = new ConcurrentHashMap<>();

	@ReplicatedWrite
	public long deposit(String account, long amount) {
		return this.balances.merge(account, amount, Long::sum);
	}

	@ReplicatedWrite
	public void transfer(String from, String to, long amount) {
		long balance = this.balances.getOrDefault(from, 0L);
		if (balance < amount) {
			throw new InsufficientFundsException(from, balance, amount);
		}
		this.balances.put(from, balance - amount);
		this.balances.merge(to, amount, Long::sum);
	}

	public Map<String, Long> balances() {
		return new TreeMap<>(this.balances);
	}

}
