package io.replication.kafka;

import java.time.Duration;

import org.apache.kafka.clients.producer.Producer;
import org.jspecify.annotations.Nullable;

/**
 * The transactional producers of one state's appender, taken in turn, one per
 * transaction. A transaction begun right after a commit on the same transactional id
 * often waits until the broker has written that commit's markers: about 20 ms with the
 * default broker setting {@code add.partitions.to.txn.retry.backoff.ms}, longer than the
 * commit itself. Taking the other id instead lets the next group commit start at once;
 * the first id's markers are written by the time it comes round again.
 * <p>
 * Order is kept because the appender begins a transaction only after the previous one
 * committed, so every record of the next transaction lands after the last one's.
 * <p>
 * Used by the appender thread only, and closed once it has stopped.
 *
 * @author replication
 */
final class TransactionalProducers implements AutoCloseable {

	static final int COUNT = 2;

	// Nothing is in flight once the appender has stopped; this only bounds a dead broker.
	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final String transactionIdPrefix;

	private final ReplicationProducerFactory factory;

	@SuppressWarnings("unchecked")
	private final @Nullable Producer<String, byte[]>[] producers = new Producer[COUNT];

	private int next;

	/**
	 * Create the producers' holder; nothing connects until one is needed.
	 * @param transactionIdPrefix prefix of the transactional ids, completed by 0 and 1
	 * @param factory creates a producer for a transactional id, not yet initialized
	 */
	TransactionalProducers(String transactionIdPrefix, ReplicationProducerFactory factory) {
		this.transactionIdPrefix = transactionIdPrefix;
		this.factory = factory;
	}

	/**
	 * Initialize every producer, taking over each transactional id from any older process
	 * that holds it.
	 * @throws RuntimeException from {@code initTransactions()}; initialized producers are
	 * kept
	 */
	void initialize() {
		for (int i = 0; i < COUNT; i++) {
			producer(i);
		}
	}

	/**
	 * The producer for the next transaction, initialized if it is new.
	 * @return the producer whose turn it is
	 */
	Producer<String, byte[]> next() {
		int index = this.next;
		this.next = (index + 1) % COUNT;
		return producer(index);
	}

	/**
	 * Close a producer whose transaction failed: its replacement, created on its next
	 * turn, aborts whatever that transaction left open.
	 * @param producer the producer to drop
	 */
	void discard(Producer<String, byte[]> producer) {
		for (int i = 0; i < COUNT; i++) {
			if (this.producers[i] == producer) {
				this.producers[i] = null;
			}
		}
		this.factory.close(producer, Duration.ZERO);
	}

	@Override
	public void close() {
		for (int i = 0; i < COUNT; i++) {
			Producer<String, byte[]> producer = this.producers[i];
			this.producers[i] = null;
			if (producer != null) {
				this.factory.close(producer, CLOSE_TIMEOUT);
			}
		}
	}

	private Producer<String, byte[]> producer(int index) {
		Producer<String, byte[]> producer = this.producers[index];
		if (producer == null) {
			producer = this.factory.transactionalProducer(this.transactionIdPrefix + index);
			try {
				producer.initTransactions();
			}
			catch (RuntimeException ex) {
				this.factory.close(producer, Duration.ZERO);
				throw ex;
			}
			this.producers[index] = producer;
		}
		return producer;
	}

}
