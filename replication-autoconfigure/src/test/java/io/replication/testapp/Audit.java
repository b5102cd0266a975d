package io.replication.testapp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * A second state, to show that states are independent.
 */
@ReplicatedState("audit")
public class Audit {

	private final List<String> entries = new CopyOnWriteArrayList<>();

	private final Ledger ledger;

	public Audit(Ledger ledger) {
		this.ledger = ledger;
	}

	@ReplicatedWrite
	public int record(String entry) {
		this.entries.add(entry);
		return this.entries.size();
	}

	/**
	 * A command that tries a replicated write of another state while being applied.
	 */
	@ReplicatedWrite
	public void recordAndDeposit(String entry, String account) {
		this.entries.add(entry);
		this.ledger.deposit(account, 1);
	}

	public List<String> entries() {
		return List.copyOf(this.entries);
	}

}
