package io.replication.sample.ledger;

/**
 * One line of an account's statement: a write that changed its balance.
 *
 * @param reference the reference the write was made with, unique per write
 * @param amount the change, negative for money leaving the account
 * @param balance the balance after the change
 * @author replication
 */
public record Entry(String reference, long amount, long balance) {

}
