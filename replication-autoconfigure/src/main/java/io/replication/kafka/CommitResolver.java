package io.replication.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.replication.WriteRejectedException;
import io.replication.engine.LogAppend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Finds out from a state's own log whether commands of a transaction whose end was not
 * known were committed. It is called once a new producer has taken over the transactional
 * id, which ends the old transaction for good. The committed end of every partition is
 * then read; once this instance has read that far, a command of that transaction was
 * applied if and only if it was committed, so every one of them still waiting was aborted
 * and is applied nowhere.
 *
 * @author replication
 */
final class CommitResolver {

	private static final Log logger = LogFactory.getLog(CommitResolver.class);

	private final TopicSpec topic;

	private final Supplier<Admin> admin;

	private final StateLogListener listener;

	private final Duration timeout;

	CommitResolver(TopicSpec topic, Supplier<Admin> admin, StateLogListener listener, Duration timeout) {
		this.topic = topic;
		this.admin = admin;
		this.listener = listener;
		this.timeout = timeout;
	}

	/**
	 * Resolve the commands of transactions that are now over.
	 * @param appends their appends; those committed were or will be applied by the time
	 * the log is read far enough
	 */
	void resolve(List<LogAppend> appends) {
		Map<Integer, Long> ends;
		try {
			ends = committedEnds();
		}
		catch (Exception ex) {
			// Left unresolved: their callers are told "maybe" at their deadline.
			logger.warn("State '" + this.topic.state() + "': could not read the end of its log to settle "
					+ appends.size() + " write(s) of a failed transaction: " + ex);
			return;
		}
		this.listener.whenRead(ends).thenRun(() -> {
			WriteRejectedException aborted = new WriteRejectedException("State '" + this.topic.state()
					+ "': the transaction holding this write failed and was aborted (this instance has read its log "
					+ "through " + ends + " and the write is not there), so it is applied nowhere");
			appends.forEach((append) -> append.committed().completeExceptionally(aborted));
		});
	}

	private Map<Integer, Long> committedEnds() throws Exception {
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		for (int partition = 0; partition < this.topic.partitions(); partition++) {
			request.put(new TopicPartition(this.topic.name(), partition), OffsetSpec.latest());
		}
		Map<Integer, Long> ends = new TreeMap<>();
		this.admin.get()
			.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
			.all()
			.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
		return ends;
	}

}
