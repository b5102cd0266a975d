package io.replication.sample.ledger;

/**
 * The whole ledger in three figures. Two replicas that applied the same commands have the
 * same digest.
 *
 * @param accounts the number of accounts
 * @param totalBalance the sum of all balances: deposits minus withdrawals, whatever the
 * transfers
 * @param digest SHA-256 over every account and balance, in account order
 * @author replication
 */
public record LedgerSummary(int accounts, long totalBalance, String digest) {

}
