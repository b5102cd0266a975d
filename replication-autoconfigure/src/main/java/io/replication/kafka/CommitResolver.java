package io.replication.kafka;

import java.util.List;
import java.util.Map;

import io.replication.WriteRejectedException;
import io.replication.engine.LogAppend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

	private final KafkaQueries kafka;

	private final StateLogListener listener;

	CommitResolver(TopicSpec topic, KafkaQueries kafka, StateLogListener listener) {
		this.topic = topic;
		this.kafka = kafka;
		this.listener = listener;
	}

	/**
	 * Resolve the commands of transactions that are now over.
	 * @param appends their appends; those committed were or will be applied by the time
	 * the log is read far enough
	 */
	void resolve(List<LogAppend> appends) {
		Map<Integer, Long> ends;
		try {
			ends = this.kafka.committedEnds(this.topic);
		}
		catch (RuntimeException ex) {
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

}
