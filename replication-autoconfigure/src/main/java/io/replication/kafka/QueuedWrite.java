package io.replication.kafka;

import io.replication.engine.LogAppend;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A command waiting in its state's queue to be sent.
 *
 * @param record the record to send
 * @param append the command's append, taken just before the record is sent
 * @author replication
 */
record QueuedWrite(ProducerRecord<String, byte[]> record, LogAppend append) {

}
