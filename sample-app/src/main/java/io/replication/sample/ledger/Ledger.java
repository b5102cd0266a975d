package io.replication.sample.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

import org.springframework.stereotype.Component;

/**
 * Account balances, the same on every instance. Money enters by deposit, leaves by
 * withdrawal and otherwise only moves, so the total balance is an invariant of the
 * commands applied, which any replica can check.
 * <p>
 * Every refusal (an unknown account, an overdraft) is decided here, in log order, from
 * the state alone: each instance refuses the same command the same way.
 *
 * @author replication
 */
@Component
@ReplicatedState("ledger")
public class Ledger {

	// Sorted, so that listings and the digest do not depend on insertion order.
	private final Map<String, Long> balances = new TreeMap<>();

	// Reads see a state between two commands, never one half applied.
	private final ReadWriteLock lock = new ReentrantReadWriteLock();

	@ReplicatedWrite
	public Account open(String id) {
		return write(() -> {
			if (this.balances.putIfAbsent(id, 0L) != null) {
				throw new AccountExistsException(id);
			}
			return new Account(id, 0L);
		});
	}

	@ReplicatedWrite
	public Account deposit(String id, long amount) {
		requirePositive(amount);
		return write(() -> credit(id, amount));
	}

	@ReplicatedWrite
	public Account withdraw(String id, long amount) {
		requirePositive(amount);
		return write(() -> debit(id, amount));
	}

	@ReplicatedWrite
	public Transfer transfer(String from, String to, long amount) {
		requirePositive(amount);
		if (from.equals(to)) {
			throw new IllegalArgumentException("A transfer needs two accounts, got '" + from + "' twice");
		}
		return write(() -> {
			// Every check before the first change: a refused transfer changes nothing.
			long fromBalance = balanceOf(from);
			long toBalance = Math.addExact(balanceOf(to), amount);
			if (fromBalance < amount) {
				throw new InsufficientFundsException(from, fromBalance, amount);
			}
			this.balances.put(from, fromBalance - amount);
			this.balances.put(to, toBalance);
			return new Transfer(new Account(from, fromBalance - amount), new Account(to, toBalance), amount);
		});
	}

	/**
	 * Return one account as this instance last applied it.
	 * @param id the account's id
	 * @return the account, or empty if it was never opened
	 */
	public Optional<Account> account(String id) {
		return read(() -> Optional.ofNullable(this.balances.get(id)).map((balance) -> new Account(id, balance)));
	}

	/**
	 * Return every account, by id.
	 * @return the accounts
	 */
	public List<Account> accounts() {
		return read(() -> {
			List<Account> accounts = new ArrayList<>(this.balances.size());
			this.balances.forEach((id, balance) -> accounts.add(new Account(id, balance)));
			return accounts;
		});
	}

	/**
	 * Summarize the whole state: instances that applied the same commands answer with the
	 * same digest.
	 * @return the number of accounts, their total balance and a SHA-256 digest of every
	 * balance
	 */
	public LedgerSummary summary() {
		return read(() -> {
			MessageDigest digest = sha256();
			long total = 0;
			for (Map.Entry<String, Long> entry : this.balances.entrySet()) {
				digest.update((entry.getKey() + ":" + entry.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
				total += entry.getValue();
			}
			return new LedgerSummary(this.balances.size(), total, HexFormat.of().formatHex(digest.digest()));
		});
	}

	private Account credit(String id, long amount) {
		long balance = Math.addExact(balanceOf(id), amount);
		this.balances.put(id, balance);
		return new Account(id, balance);
	}

	private Account debit(String id, long amount) {
		long balance = balanceOf(id);
		if (balance < amount) {
			throw new InsufficientFundsException(id, balance, amount);
		}
		this.balances.put(id, balance - amount);
		return new Account(id, balance - amount);
	}

	private long balanceOf(String id) {
		Long balance = this.balances.get(id);
		if (balance == null) {
			throw new UnknownAccountException(id);
		}
		return balance;
	}

	private static void requirePositive(long amount) {
		if (amount <= 0) {
			throw new IllegalArgumentException("An amount must be positive, got " + amount);
		}
	}

	private <T> T write(Supplier<T> command) {
		this.lock.writeLock().lock();
		try {
			return command.get();
		}
		finally {
			this.lock.writeLock().unlock();
		}
	}

	private <T> T read(Supplier<T> query) {
		this.lock.readLock().lock();
		try {
			return query.get();
		}
		finally {
			this.lock.readLock().unlock();
		}
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform must support SHA-256", ex);
		}
	}

}
