package io.replication.sample.crash;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.replication.sample.LedgerClient;
import io.replication.sample.crash.BankLoad.Outcome;
import io.replication.sample.crash.BankLoad.Write;
import io.replication.sample.ledger.Entry;
import io.replication.sample.ledger.LedgerSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checks the bank after a fault, Jepsen style: every instance holds the same state, the
 * total is what the funding put in, and each transfer's reference shows up on the
 * statements exactly as often as its client's answer allows.
 */
final class BankAudit {

	private final List<String> accounts;

	private final long total;

	BankAudit(List<String> accounts, long total) {
		this.accounts = List.copyOf(accounts);
		this.total = total;
	}

	/**
	 * Wait until every instance answers with the same summary, holding the total.
	 * @param instances the instances
	 * @return how long that took
	 */
	Duration awaitConvergence(List<LedgerClient> instances) {
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
			List<LedgerSummary> summaries = instances.stream().map(LedgerClient::summary).toList();
			assertThat(summaries).as("summaries of %s", instances).containsOnly(summaries.get(0));
			assertThat(summaries.get(0).totalBalance()).isEqualTo(this.total);
		});
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/**
	 * Count what happened to each write on every instance, print the counts and assert
	 * that nothing acknowledged was lost and nothing was applied twice.
	 * @param test the test, for the printed figures
	 * @param instances the instances
	 * @param writes every write the load made
	 * @return the counts, one per instance
	 */
	List<Counts> assertExact(String test, List<LedgerClient> instances, List<Write> writes) {
		List<Counts> all = new ArrayList<>();
		for (LedgerClient instance : instances) {
			Counts counts = count(instance, writes);
			CrashReport.print(test, counts.toString());
			counts.assertExact();
			all.add(counts);
		}
		return all;
	}

	/**
	 * Count, on one instance, what happened to each write.
	 * @param instance the instance to read
	 * @param writes every write the load made
	 * @return the counts
	 */
	Counts count(LedgerClient instance, List<Write> writes) {
		Map<String, Integer> debits = new HashMap<>();
		for (String account : this.accounts) {
			for (Entry entry : instance.entries(account)) {
				if (entry.amount() < 0) {
					debits.merge(entry.reference(), 1, Integer::sum);
				}
			}
		}
		long acknowledged = 0;
		long lost = 0;
		long failed = 0;
		long failedButApplied = 0;
		long rejected = 0;
		long rejectedButApplied = 0;
		long duplicated = 0;
		for (Write write : writes) {
			int applied = debits.getOrDefault(write.reference(), 0);
			duplicated += (applied > 1) ? 1 : 0;
			if (write.outcome() == Outcome.ACKNOWLEDGED) {
				acknowledged++;
				lost += (applied == 0) ? 1 : 0;
			}
			else if (write.outcome() == Outcome.FAILED) {
				failed++;
				failedButApplied += (applied > 0) ? 1 : 0;
			}
			else if (write.outcome() == Outcome.REJECTED) {
				rejected++;
				rejectedButApplied += (applied > 0) ? 1 : 0;
			}
		}
		Map<String, Write> issued = new HashMap<>();
		writes.forEach((write) -> issued.put(write.reference(), write));
		long unknown = debits.keySet().stream().filter((reference) -> !issued.containsKey(reference)).count();
		return new Counts(instance.name(), acknowledged, lost, duplicated, rejected, rejectedButApplied, failed,
				failedButApplied, unknown);
	}

	/**
	 * What one instance's state says about the writes.
	 *
	 * @param instance the instance
	 * @param acknowledged writes whose client got a 2xx
	 * @param lost acknowledged writes absent from the state
	 * @param duplicated writes applied more than once
	 * @param rejected writes whose client was told they were rejected (503)
	 * @param rejectedButApplied rejected writes the state holds nonetheless (never
	 * allowed: a rejected write is applied nowhere)
	 * @param failed writes whose client got another error (504: outcome unknown) or no
	 * answer
	 * @param failedButApplied failed writes the state holds nonetheless (allowed: the
	 * client was told the outcome is unknown)
	 * @param unknown transfers in the state that no client made
	 */
	record Counts(String instance, long acknowledged, long lost, long duplicated, long rejected,
			long rejectedButApplied, long failed, long failedButApplied, long unknown) {

		void assertExact() {
			assertThat(this.lost).as("acknowledged writes lost on %s", this.instance).isZero();
			assertThat(this.duplicated).as("writes applied twice on %s", this.instance).isZero();
			assertThat(this.unknown).as("transfers nobody made on %s", this.instance).isZero();
			assertThat(this.rejectedButApplied).as("rejected writes applied on %s", this.instance).isZero();
		}

		@Override
		public String toString() {
			return this.instance + ": acknowledged=" + this.acknowledged + " lost=" + this.lost + " duplicated="
					+ this.duplicated + " rejected=" + this.rejected + " (applied: " + this.rejectedButApplied
					+ ") unknown=" + this.failed + " (applied: " + this.failedButApplied + ")";
		}

	}

}
