package io.replication.testapp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import io.replication.engine.CommandContext;

/**
 * A bank ledger: money is only moved, so the total is an invariant every replica can
 * check.
 */
@ReplicatedState("ledger")
public class Ledger {

	private final Map<String, Long> balances = new ConcurrentHashMap<>();

	private final AtomicLong applied = new AtomicLong();

	private volatile long lastTimestamp;

	@ReplicatedWrite
	public void open(String account, long initialBalance) {
		this.applied.incrementAndGet();
		this.lastTimestamp = CommandContext.timestamp().toEpochMilli();
		if (this.balances.putIfAbsent(account, initialBalance) != null) {
			throw new IllegalArgumentException("account " + account + " exists");
		}
	}

	@ReplicatedWrite
	public long deposit(String account, long amount) {
		this.applied.incrementAndGet();
		return this.balances.merge(account, amount, Long::sum);
	}

	@ReplicatedWrite(key = "#from")
	public void transfer(String from, String to, long amount) throws InsufficientFundsException {
		this.applied.incrementAndGet();
		long balance = this.balances.getOrDefault(from, 0L);
		if (balance < amount) {
			throw new InsufficientFundsException(from, balance, amount);
		}
		this.balances.put(from, balance - amount);
		this.balances.merge(to, amount, Long::sum);
	}

	@ReplicatedWrite("depositAsync")
	public CompletableFuture<Long> depositLater(String account, long amount) {
		return CompletableFuture.completedFuture(deposit(account, amount));
	}

	/**
	 * Takes half of a deposit, then fails the way a stack overflow does: a change left
	 * half done on one instance.
	 */
	@ReplicatedWrite
	public void depositHalfThenOverflow(String account, long amount) {
		this.balances.merge(account, amount / 2, Long::sum);
		throw new StackOverflowError("simulated");
	}

	/**
	 * Takes a note through an interface: Jackson writes the note's properties, but has no
	 * concrete type to read them back into.
	 */
	@ReplicatedWrite(key = "#account")
	public void annotate(String account, Note note) {
		this.applied.incrementAndGet();
	}

	public Map<String, Long> balances() {
		return new TreeMap<>(this.balances);
	}

	public long total() {
		return this.balances.values().stream().mapToLong(Long::longValue).sum();
	}

	public long applied() {
		return this.applied.get();
	}

	public long lastTimestamp() {
		return this.lastTimestamp;
	}

	/**
	 * A note on an account, declared as an interface.
	 */
	public interface Note {

		String getText();

	}

}
