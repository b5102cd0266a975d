package io.replication.kafka;

/**
 * How far this instance has applied one partition of a state's log.
 *
 * @param nextOffset offset of the next record to apply
 * @param timestamp log timestamp (epoch milliseconds) of the last record applied
 * @author replication
 */
record AppliedPosition(long nextOffset, long timestamp) {

}
