package io.replication.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;

import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Handles what goes wrong outside the listener. A position the log no longer holds halts
 * the state, with the reason: the consumers reset nothing on their own, so nothing is
 * skipped or applied again. Anything else stops the consumers rather than let a retry
 * policy skip records (the listener itself never throws).
 *
 * @author replication
 */
final class StateLogErrorHandler extends CommonContainerStoppingErrorHandler {

	private final StateLogListener listener;

	StateLogErrorHandler(StateLogListener listener) {
		this.listener = listener;
	}

	@Override
	public void handleOtherException(Exception thrownException, Consumer<?, ?> consumer,
			MessageListenerContainer container, boolean batchListener) {
		Map<TopicPartition, Long> outOfRange = outOfRange(thrownException);
		if (outOfRange != null) {
			this.listener.outOfRange(outOfRange);
			return;
		}
		super.handleOtherException(thrownException, consumer, container, batchListener);
	}

	private static Map<TopicPartition, Long> outOfRange(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof OffsetOutOfRangeException outOfRange) {
				return outOfRange.offsetOutOfRangePartitions();
			}
		}
		return null;
	}

}
