package io.replication.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Transactions are pipelined: a batch is sent, on the next of the
 * {@link TransactionalProducers}, while the one before it commits on the writer's commit
 * thread. Order is kept: a batch is sent only once every record of the one before is in
 * the log, and it commits only once the one before has committed. When that one did not
 * commit, or its end is not known, the batch sent behind it is aborted, and its writes
 * are rejected.
 * <p>
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

	private final ExecutorService committer;

	private volatile boolean fenced;

	// Commands of transactions whose end is not known yet, resolved once a new producer
	// has taken over their transactional id.
	private final List<LogAppend> unresolved = new ArrayList<>();

	// The transaction whose commit is in flight on the commit thread, if any.
	private @Nullable Committing committing;

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
		this.committer = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "replication-commit-" + state);
			thread.setDaemon(true);
			return thread;
		});
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
	public boolean write(List<QueuedWrite> batch) throws InterruptedException {
		Transaction transaction = new Transaction(this.producers.next(), batch.size());
		try {
			transaction.producer().beginTransaction();
			for (QueuedWrite write : batch) {
				if (write.append().take()) {
					transaction.taken().add(write.append());
					transaction.sends().add(send(transaction.producer(), write.record()));
				}
			}
			// All of it is in the log before the next transaction sends anything.
			transaction.producer().flush();
		}
		catch (RuntimeException ex) {
			boolean backOff = settled().backOff();
			return failed(transaction, ex) || backOff;
		}
		Settled before = settled();
		if (!before.committed()) {
			return abortedBehind(transaction) || before.backOff();
		}
		Future<@Nullable RuntimeException> commit = this.committer.submit(() -> committed(transaction));
		this.committing = new Committing(transaction, commit);
		return false;
	}

	@Override
	public boolean settle() throws InterruptedException {
		return settled().backOff();
	}

	/**
	 * Wait for the commit in flight, if any, and act on its failure.
	 */
	private Settled settled() throws InterruptedException {
		Committing committing = this.committing;
		if (committing == null) {
			return Settled.NOTHING;
		}
		RuntimeException failure;
		try {
			failure = committing.commit().get();
		}
		catch (ExecutionException ex) {
			failure = new IllegalStateException("The commit thread failed", ex.getCause());
		}
		this.committing = null;
		if (failure == null) {
			return Settled.NOTHING;
		}
		return new Settled(false, failed(committing.transaction(), failure));
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

	/**
	 * Commit a transaction and complete its appends, on the commit thread.
	 * @return why it failed, or {@code null} once committed
	 */
	private @Nullable RuntimeException committed(Transaction transaction) {
		try {
			commit(transaction.producer());
		}
		catch (RuntimeException ex) {
			return ex;
		}
		List<LogAppend> taken = transaction.taken();
		this.metrics.batchWritten(this.state, taken.size());
		for (int i = 0; i < taken.size(); i++) {
			RecordMetadata metadata = sent(transaction.sends().get(i));
			taken.get(i).committed().complete(new Position(this.state, metadata.partition(), metadata.offset()));
		}
		return null;
	}

	// A commit that timed out may have been committed: retry it, as the producer's
	// contract says, rather than guess.
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

	private boolean failed(Transaction transaction, RuntimeException ex) {
		Producer<String, byte[]> producer = transaction.producer();
		List<LogAppend> taken = transaction.taken();
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
	 * Abort a transaction sent while the one before it was committing, because that one
	 * did not commit: committing this one would put its writes in the log past a gap.
	 * @return whether its producer failed too
	 */
	private boolean abortedBehind(Transaction transaction) {
		Producer<String, byte[]> producer = transaction.producer();
		List<LogAppend> taken = transaction.taken();
		if (aborted(producer)) {
			String reason = "State '" + this.state + "': the transaction sent before it failed, so the one holding "
					+ "this write (" + taken.size() + " command(s)) was aborted too; it is applied nowhere";
			logger.warn(reason);
			taken.forEach((append) -> append.committed().completeExceptionally(new WriteRejectedException(reason)));
			return false;
		}
		this.producers.discard(producer);
		if (!this.fenced) {
			this.unresolved.addAll(taken);
		}
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
		this.committer.shutdownNow();
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

	/**
	 * One batch's transaction: its producer, the appends it took, and their sends.
	 */
	private record Transaction(Producer<String, byte[]> producer, List<LogAppend> taken,
			List<Future<RecordMetadata>> sends) {

		Transaction(Producer<String, byte[]> producer, int size) {
			this(producer, new ArrayList<>(size), new ArrayList<>(size));
		}

	}

	/**
	 * A transaction whose commit is in flight; its future gives why it failed, or
	 * {@code null} once committed.
	 */
	private record Committing(Transaction transaction, Future<@Nullable RuntimeException> commit) {

	}

	/**
	 * What became of the commit that was in flight.
	 *
	 * @param committed whether it committed (or none was in flight)
	 * @param backOff whether its producer failed in a way that needs the back-off
	 */
	private record Settled(boolean committed, boolean backOff) {

		static final Settled NOTHING = new Settled(true, false);

	}

}
