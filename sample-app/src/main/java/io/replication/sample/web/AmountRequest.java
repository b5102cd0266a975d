package io.replication.sample.web;

import org.jspecify.annotations.Nullable;

/**
 * Body of a deposit or a withdrawal.
 *
 * @param amount the amount, in minor units
 * @param reference the client's reference for the write, if it has one
 * @author replication
 */
record AmountRequest(@Amount Long amount, @Reference @Nullable String reference) {

}
