package io.replication.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.replication.Snapshottable;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * A snapshotted state whose log grows much faster than the state: deposits to a fixed set
 * of accounts.
 */
@ReplicatedState(Balances.STATE)
public class Balances implements Snapshottable<Balances.Snapshot> {

	static final String STATE = "balances";

	private final Map<String, Long> balances = new HashMap<>();

	@ReplicatedWrite
	public long deposit(String account, long amount) {
		return this.balances.merge(account, amount, Long::sum);
	}

	/**
	 * The same deposit, returning at once: the call's future completes once it is applied
	 * here.
	 */
	@ReplicatedWrite
	public CompletableFuture<Long> depositLater(String account, long amount) {
		return CompletableFuture.completedFuture(deposit(account, amount));
	}

	@Override
	public Snapshot snapshot() {
		return new Snapshot(new HashMap<>(this.balances));
	}

	@Override
	public void restore(Snapshot snapshot) {
		this.balances.clear();
		this.balances.putAll(snapshot.balances());
	}

	int size() {
		return this.balances.size();
	}

	/**
	 * Every balance.
	 *
	 * @param balances balances by account
	 */
	public record Snapshot(Map<String, Long> balances) {

	}

}
