package io.replication.sample.web;

/**
 * Body of {@code POST /accounts}.
 *
 * @param id the new account's id
 * @author replication
 */
record OpenAccountRequest(@AccountId String id) {

}
