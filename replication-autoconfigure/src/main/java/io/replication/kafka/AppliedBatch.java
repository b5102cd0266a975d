package io.replication.kafka;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How far applying a batch of records got.
 *
 * @param records the batch, in the order the consumer returned it
 * @param applied how many of its commands were applied
 * @param stoppedAt index of the first record left unapplied because the state halted, or
 * -1 if the batch went through
 * @author replication
 */
record AppliedBatch(List<ConsumerRecord<String, byte[]>> records, int applied, int stoppedAt) {

	boolean halted() {
		return this.stoppedAt >= 0;
	}

	/**
	 * The records to read again once the halt is dealt with.
	 * @return the records from the one that halted the state on; empty if none did
	 */
	List<ConsumerRecord<String, byte[]>> unapplied() {
		return halted() ? this.records.subList(this.stoppedAt, this.records.size()) : List.of();
	}

}
