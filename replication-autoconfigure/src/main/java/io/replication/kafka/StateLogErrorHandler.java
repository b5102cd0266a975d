package io.replication.kafka;

import java.util.Map;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Handles what goes wrong outside the listener. A position the log no longer holds halts
 * the state, with the reason, unless a newer snapshot that the log follows can be
 * restored instead: the consumers reset nothing on their own, so nothing is skipped or
 * applied again. Anything else stops the consumers rather than let a retry policy skip
 * records (the listener itself never throws).
 *
 * @author replication
 */
final class StateLogErrorHandler extends CommonContainerStoppingErrorHandler {

	private final StateLogListener listener;

	private final Supplier<@Nullable SnapshotManifest> newerSnapshot;

	/**
	 * Create the handler.
	 * @param listener the state's listener
	 * @param newerSnapshot restores the newest snapshot the log still follows, if the
	 * state can go on from one, and answers it
	 */
	StateLogErrorHandler(StateLogListener listener, Supplier<@Nullable SnapshotManifest> newerSnapshot) {
		this.listener = listener;
		this.newerSnapshot = newerSnapshot;
	}

	@Override
	public void handleOtherException(Exception thrownException, Consumer<?, ?> consumer,
			MessageListenerContainer container, boolean batchListener) {
		Map<TopicPartition, Long> outOfRange = outOfRange(thrownException);
		if (outOfRange != null) {
			// On the consumer thread: nothing is being applied.
			SnapshotManifest restored = this.newerSnapshot.get();
			if (restored != null) {
				this.listener.restoredWhileReading(restored, outOfRange, consumer);
			}
			else {
				this.listener.outOfRange(outOfRange);
			}
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
