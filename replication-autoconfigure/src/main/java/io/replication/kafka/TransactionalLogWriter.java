package io.replication.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.replication.WriteRejectedException;
import io.replication.engine.LogAppend;
import io.replication.engine.Position;
import io.replication.engine.ReplicationMetrics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Writes each batch of commands in one Kafka transaction, following the producer's
 * contract so that no transaction is ever left open and every caller is told the truth:
 * <ul>
 * <li>a commit that times out is retried: it may have been committed;</li>
 * <li>an abortable error aborts the transaction: none of its commands is in the log;</li>
 * <li>a fatal error closes the producer; a new producer for the same transactional id
 * then ends the old transaction one way or the other, and this instance's own log tells
 * which (see {@link CommitResolver});</li>
 * <li>a fenced producer stops the state's writes: another process owns the instance id.
 * Its last transaction may or may not have been committed, so those callers get "maybe".
 * </li>
 * </ul>
 * In the partition-per-replica topology each command is sent to every replica's partition
 * in the same transaction, so every replica gets all of it or none of it.
 *
 * @author replication
 */
final class TransactionalLogWriter implements LogWriter {

	private static final Log logger = LogFactory.getLog(TransactionalLogWriter.class);

	private final String state;

	private final TransactionalProducers producers;

	private final Consumer<List<LogAppend>> resolver;

	private volatile boolean stopping;

	private final ReplicationMetrics metrics;

	private final @Nullable ReplicaPartitions replicas;

	private volatile boolean fenced;

	// Commands of transactions whose end is not known yet, resolved once a new producer
	// has taken over their transactional id.
	private final List<LogAppend> unresolved = new ArrayList<>();

	/**
	 * Create a writer.
	 * @param state name of the state
	 * @param producers the producers taken in turn
	 * @param resolver finds out from the log whether the commands of a transaction whose
	 * end is not known were committed
	 * @param metrics receives the size of each transaction
	 * @param replicas the replica set whose partitions each command goes to, or
	 * {@code null} in the shared topology
	 */
	TransactionalLogWriter(String state, TransactionalProducers producers, Consumer<List<LogAppend>> resolver,
			ReplicationMetrics metrics, @Nullable ReplicaPartitions replicas) {
		this.state = state;
		this.producers = producers;
		this.resolver = resolver;
		this.metrics = metrics;
		this.replicas = replicas;
	}

	@Override
	public void initialize() {
		try {
			this.producers.initialize();
		}
		catch (RuntimeException ex) {
			this.fenced = ProducerErrors.isFenced(ex);
			throw ex;
		}
	}

	@Override
	public boolean write(List<QueuedWrite> batch) {
		Producer<String, byte[]> producer = this.producers.next();
		List<LogAppend> taken = new ArrayList<>(batch.size());
		List<Future<RecordMetadata>> sends = new ArrayList<>(batch.size());
		try {
			producer.beginTransaction();
			for (QueuedWrite write : batch) {
				if (write.append().take()) {
					taken.add(write.append());
					sends.add(send(producer, write.record()));
				}
			}
			commit(producer);
		}
		catch (RuntimeException ex) {
			return failed(producer, taken, ex);
		}
		this.metrics.batchWritten(this.state, taken.size());
		for (int i = 0; i < taken.size(); i++) {
			RecordMetadata metadata = sent(sends.get(i));
			taken.get(i).committed().complete(new Position(this.state, metadata.partition(), metadata.offset()));
		}
		return false;
	}

	/**
	 * Send a command: to its partition, or to every replica's partition.
	 * @return the send to the partition this instance reads, whose offset is the
	 * command's position here
	 */
	private Future<RecordMetadata> send(Producer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
		ReplicaPartitions replicas = this.replicas;
		if (replicas == null) {
			return producer.send(record);
		}
		Future<RecordMetadata> own = null;
		for (int partition = 0; partition < replicas.size(); partition++) {
			Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(record.topic(), partition,
					record.timestamp(), record.key(), record.value(), record.headers()));
			if (partition == replicas.own()) {
				own = sent;
			}
		}
		return Objects.requireNonNull(own);
	}

	// A commit that timed out may have been committed: retry it, as the producer's
	// contract
	// says, rather than guess.
	private void commit(Producer<String, byte[]> producer) {
		while (true) {
			try {
				producer.commitTransaction();
				return;
			}
			catch (TimeoutException ex) {
				if (this.stopping) {
					throw ex;
				}
				logger.warn("State '" + this.state + "': commit timed out; retrying it: " + ex.getMessage());
			}
		}
	}

	private boolean failed(Producer<String, byte[]> producer, List<LogAppend> taken, RuntimeException ex) {
		if (ProducerErrors.isFenced(ex)) {
			this.fenced = true;
			this.producers.discard(producer);
			return false;
		}
		if (!ProducerErrors.isFatal(ex) && !(ex instanceof TimeoutException) && aborted(producer)) {
			String reason = "State '" + this.state + "': the transaction holding this write (" + taken.size()
					+ " command(s)) was aborted, so it is applied nowhere: " + ex.getMessage();
			logger.warn(reason);
			taken.forEach((append) -> append.committed().completeExceptionally(new WriteRejectedException(reason, ex)));
			return false;
		}
		logger.warn("State '" + this.state + "': transaction of " + taken.size() + " command(s) failed; a new "
				+ "producer ends it, and the log tells whether it was committed: " + ex);
		this.producers.discard(producer);
		this.unresolved.addAll(taken);
		return true;
	}

	/**
	 * Take over the transactional ids again after a failure, which ends every transaction
	 * the failed producers left, then find out from the log what became of their
	 * commands.
	 */
	@Override
	public void recover() {
		try {
			this.producers.initialize();
		}
		catch (RuntimeException ex) {
			this.fenced = ProducerErrors.isFenced(ex);
			logger.warn("State '" + this.state + "': could not take over its transactional ids again: " + ex);
			return;
		}
		if (!this.unresolved.isEmpty()) {
			this.resolver.accept(List.copyOf(this.unresolved));
			this.unresolved.clear();
		}
	}

	private boolean aborted(Producer<String, byte[]> producer) {
		try {
			producer.abortTransaction();
			return true;
		}
		catch (KafkaException ex) {
			logger.warn("State '" + this.state + "': could not abort a failed transaction: " + ex);
			return false;
		}
	}

	@Override
	public void stopping() {
		this.stopping = true;
	}

	@Override
	public boolean fenced() {
		return this.fenced;
	}

	@Override
	public void close() {
		this.producers.close();
	}

	// The commit flushed every send and would have thrown had one failed.
	private static RecordMetadata sent(Future<RecordMetadata> send) {
		try {
			return send.get(0, TimeUnit.SECONDS);
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException("A send of a committed transaction is not complete", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted reading a committed send", ex);
		}
	}

}
