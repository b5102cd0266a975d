package io.replication.sample.web;

/**
 * Body of a deposit or a withdrawal.
 *
 * @param amount the amount, in minor units
 * @author replication
 */
record AmountRequest(@Amount Long amount) {

}
