package io.replication.sample.ledger;

/**
 * One account and its balance, in minor units (cents).
 *
 * @param id the account id
 * @param balance the balance
 * @author replication
 */
public record Account(String id, long balance) {

}
