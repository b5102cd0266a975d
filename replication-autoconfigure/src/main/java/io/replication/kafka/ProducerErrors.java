package io.replication.kafka;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * What a producer's error means for the records it concerns, following the producer's
 * contract: a fatal error leaves the producer unusable (close it); any other error of a
 * transaction makes it abortable (abort it); a timeout of a commit is retried.
 *
 * @author replication
 */
final class ProducerErrors {

	private ProducerErrors() {
	}

	/**
	 * Whether another producer took over this producer's transactional id. With
	 * transactions v2 the old producer first sees an invalid epoch rather than a fencing
	 * error; re-creating the producer then would fence the newer process in turn. (A
	 * transaction the broker aborted after {@code transaction.timeout.ms} looks the same;
	 * commits here take milliseconds.)
	 * @param ex the error
	 * @return {@code true} if the producer was fenced
	 */
	static boolean isFenced(Throwable ex) {
		return causedBy(ex, ProducerFencedException.class) || causedBy(ex, InvalidProducerEpochException.class);
	}

	/**
	 * Whether the producer cannot be used any more and must be closed.
	 * @param ex the error
	 * @return {@code true} for fencing, sequence and authorization errors
	 */
	static boolean isFatal(Throwable ex) {
		return isFenced(ex) || causedBy(ex, OutOfOrderSequenceException.class)
				|| causedBy(ex, UnknownProducerIdException.class) || causedBy(ex, AuthorizationException.class)
				|| causedBy(ex, UnsupportedVersionException.class) || causedBy(ex, IllegalStateException.class);
	}

	/**
	 * Whether the broker or the producer refused the record itself, so it is certainly
	 * not in the log, whatever else happened to its neighbours.
	 * @param ex the error of one record
	 * @return {@code true} for records too large, topics that cannot take them, records
	 * that do not serialize, and records that found no room in the producer's buffer
	 * within {@code max.block.ms} (reported to the send's callback, never appended)
	 */
	static boolean refusedRecord(Throwable ex) {
		return causedBy(ex, RecordTooLargeException.class) || causedBy(ex, RecordBatchTooLargeException.class)
				|| causedBy(ex, InvalidTopicException.class) || causedBy(ex, SerializationException.class)
				|| causedBy(ex, AuthorizationException.class) || causedBy(ex, BufferExhaustedException.class);
	}

	private static boolean causedBy(Throwable ex, Class<? extends Throwable> type) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

}
