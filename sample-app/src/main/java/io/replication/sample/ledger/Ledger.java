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

import io.replication.Snapshottable;
import io.replication.annotation.ReadConsistency;
import io.replication.annotation.ReplicatedRead;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

import org.springframework.stereotype.Component;

/**
 * Accounts with their balances and statements, the same on every instance. Money enters
 * by deposit, leaves by withdrawal and otherwise only moves, so the total balance is an
 * invariant of the commands applied, which any replica can check. Every change is an
 * entry on a statement under the reference its writer gave, so a write applied twice or
 * not at all can be told from the state.
 * <p>
 * Every refusal (an unknown account, an overdraft) is decided here, in log order, from
 * the state alone: each instance refuses the same command the same way.
 * <p>
 * The reads are {@code @ReplicatedRead}: they never run while a command is applied, so
 * they never see a transfer half done, and the state needs no lock of its own.
 * <p>
 * It is {@link Snapshottable}: an instance restarts from its newest snapshot and replays
 * only the commands after it, however long the log has grown.
 *
 * @author replication
 */
@Component
@ReplicatedState("ledger")
public class Ledger implements Snapshottable<Ledger.Snapshot> {

	// Sorted, so that listings and the digest do not depend on insertion order.
	private final Map<String, Statement> accounts = new TreeMap<>();

	@ReplicatedWrite
	public Account open(String id) {
		if (this.accounts.putIfAbsent(id, new Statement()) != null) {
			throw new AccountExistsException(id);
		}
		return new Account(id, 0L);
	}

	@ReplicatedWrite
	public Account deposit(String id, long amount, String reference) {
		requirePositive(amount);
		Statement statement = statementOf(id);
		long balance = Math.addExact(statement.balance, amount);
		return statement.record(id, reference, amount, balance);
	}

	@ReplicatedWrite
	public Account withdraw(String id, long amount, String reference) {
		requirePositive(amount);
		Statement statement = statementOf(id);
		requireFunds(id, statement, amount);
		return statement.record(id, reference, -amount, statement.balance - amount);
	}

	@ReplicatedWrite
	public Transfer transfer(String from, String to, long amount, String reference) {
		requirePositive(amount);
		if (from.equals(to)) {
			throw new IllegalArgumentException("A transfer needs two accounts, got '" + from + "' twice");
		}
		// Every check before the first change: a refused transfer changes nothing.
		Statement debited = statementOf(from);
		Statement credited = statementOf(to);
		requireFunds(from, debited, amount);
		long creditedBalance = Math.addExact(credited.balance, amount);
		return new Transfer(debited.record(from, reference, -amount, debited.balance - amount),
				credited.record(to, reference, amount, creditedBalance), amount);
	}

	/**
	 * Return one account as this instance last applied it.
	 * @param id the account's id
	 * @return the account, or empty if it was never opened
	 */
	@ReplicatedRead
	public Optional<Account> account(String id) {
		return Optional.ofNullable(this.accounts.get(id)).map((statement) -> new Account(id, statement.balance));
	}

	/**
	 * Return one account with every write committed before this call applied, whichever
	 * instance took it: this instance first catches up with the end of the log.
	 * @param id the account's id
	 * @return the account, or empty if it was never opened
	 */
	@ReplicatedRead(consistency = ReadConsistency.LINEARIZABLE)
	public Optional<Account> latestAccount(String id) {
		return account(id);
	}

	/**
	 * Return every account, by id.
	 * @return the accounts
	 */
	@ReplicatedRead
	public List<Account> accounts() {
		List<Account> accounts = new ArrayList<>(this.accounts.size());
		this.accounts.forEach((id, statement) -> accounts.add(new Account(id, statement.balance)));
		return accounts;
	}

	/**
	 * Return the statement of one account: every change, oldest first.
	 * @param id the account's id
	 * @return the entries, or empty if the account was never opened
	 */
	@ReplicatedRead
	public Optional<List<Entry>> entries(String id) {
		return Optional.ofNullable(this.accounts.get(id)).map((statement) -> List.copyOf(statement.entries));
	}

	/**
	 * Summarize the whole state: instances that applied the same commands answer with the
	 * same digest.
	 * @return the number of accounts, their total balance and a SHA-256 digest of every
	 * balance and entry
	 */
	@ReplicatedRead
	public LedgerSummary summary() {
		MessageDigest digest = sha256();
		long total = 0;
		for (Map.Entry<String, Statement> account : this.accounts.entrySet()) {
			Statement statement = account.getValue();
			update(digest, account.getKey() + ":" + statement.balance + "\n");
			for (Entry entry : statement.entries) {
				update(digest, entry.reference() + ":" + entry.amount() + "\n");
			}
			total += statement.balance;
		}
		return new LedgerSummary(this.accounts.size(), total, HexFormat.of().formatHex(digest.digest()));
	}

	/**
	 * Copy every account, between two applies: entries are immutable, so copying each
	 * statement's list of them is enough for the copy never to change.
	 */
	@Override
	public Snapshot snapshot() {
		Map<String, StatementSnapshot> accounts = new TreeMap<>();
		this.accounts.forEach((id, statement) -> accounts.put(id,
				new StatementSnapshot(statement.balance, List.copyOf(statement.entries))));
		return new Snapshot(accounts);
	}

	@Override
	public void restore(Snapshot snapshot) {
		this.accounts.clear();
		snapshot.accounts().forEach((id, account) -> {
			Statement statement = new Statement();
			statement.balance = account.balance();
			statement.entries.addAll(account.entries());
			this.accounts.put(id, statement);
		});
	}

	private Statement statementOf(String id) {
		Statement statement = this.accounts.get(id);
		if (statement == null) {
			throw new UnknownAccountException(id);
		}
		return statement;
	}

	private static void requireFunds(String id, Statement statement, long amount) {
		if (statement.balance < amount) {
			throw new InsufficientFundsException(id, statement.balance, amount);
		}
	}

	private static void requirePositive(long amount) {
		if (amount <= 0) {
			throw new IllegalArgumentException("An amount must be positive, got " + amount);
		}
	}

	private static void update(MessageDigest digest, String line) {
		digest.update(line.getBytes(StandardCharsets.UTF_8));
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform must support SHA-256", ex);
		}
	}

	/**
	 * Every account, as a snapshot holds it.
	 *
	 * @param accounts each account's statement, by id
	 */
	public record Snapshot(Map<String, StatementSnapshot> accounts) {

	}

	/**
	 * One account's statement in a snapshot.
	 *
	 * @param balance its balance
	 * @param entries every change, oldest first
	 */
	public record StatementSnapshot(long balance, List<Entry> entries) {

	}

	/**
	 * An account's balance and the entries that led to it.
	 */
	private static final class Statement {

		private long balance;

		private final List<Entry> entries = new ArrayList<>();

		Account record(String id, String reference, long amount, long balance) {
			this.balance = balance;
			this.entries.add(new Entry(reference, amount, balance));
			return new Account(id, balance);
		}

	}

}
