package io.replication.kafka;

import java.util.function.Consumer;

import io.replication.status.StateHalt;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether a state has stopped taking writes on this instance for good, and why: it
 * halted, it was fenced, or its appender failed. The first reason stands; it is logged
 * once, and whoever waits on the state's writes is told once.
 *
 * @author replication
 */
final class WriteRefusal {

	private static final Log logger = LogFactory.getLog(WriteRefusal.class);

	private final String state;

	private final Consumer<String> onRefusing;

	private final String fencer;

	private volatile @Nullable String reason;

	private volatile @Nullable String fenced;

	/**
	 * Create the refusal of a state that takes writes.
	 * @param state name of the state
	 * @param onRefusing told once, with the reason, when the state stops taking writes
	 * @param fencer who fences this instance's writer, as the reason names it
	 */
	WriteRefusal(String state, Consumer<String> onRefusing, String fencer) {
		this.state = state;
		this.onRefusing = onRefusing;
		this.fencer = fencer;
	}

	/**
	 * Another process writes the state now.
	 * @param how how the takeover was noticed
	 */
	void fence(String how) {
		String reason = "State '" + this.state + "' does not take writes on this instance: it was fenced by "
				+ this.fencer + " (" + how + ")";
		synchronized (this) {
			if (this.fenced == null) {
				this.fenced = reason;
			}
		}
		refuse(reason);
	}

	/**
	 * The state stopped applying its log here.
	 * @param halt where and why
	 */
	void halt(StateHalt halt) {
		refuse("State '" + this.state + "' does not take writes on this instance: it halted at " + halt.position()
				+ " (" + halt.reason() + ")");
	}

	/**
	 * The state's appender stopped on an error it cannot recover from.
	 * @param ex the error
	 */
	void appenderFailed(RuntimeException ex) {
		logger.error("State '" + this.state + "': its appender stopped on an unexpected error", ex);
		refuse("State '" + this.state + "' does not take writes on this instance: its appender failed (" + ex + ")");
	}

	private synchronized void refuse(String reason) {
		if (this.reason == null) {
			this.reason = reason;
			logger.error(reason);
			this.onRefusing.accept(reason);
		}
	}

	/**
	 * Why the state takes no more writes.
	 * @return the reason, or {@code null} while it takes writes
	 */
	@Nullable String reason() {
		return this.reason;
	}

	/**
	 * Why the state was fenced.
	 * @return the reason, or {@code null} unless it was fenced
	 */
	@Nullable String fenced() {
		return this.fenced;
	}

}
