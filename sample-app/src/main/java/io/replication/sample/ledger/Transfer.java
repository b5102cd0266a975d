package io.replication.sample.ledger;

/**
 * A completed transfer: both accounts as the transfer left them.
 *
 * @param from the debited account
 * @param to the credited account
 * @param amount the amount moved
 * @author replication
 */
public record Transfer(Account from, Account to, long amount) {

}
