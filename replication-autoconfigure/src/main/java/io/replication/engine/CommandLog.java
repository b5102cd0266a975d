package io.replication.engine;

/**
 * The durable, ordered log of one state's commands.
 *
 * @author replication
 */
public interface CommandLog {

	/**
	 * Queue a command to be appended. Never blocks: a log that cannot take the command
	 * now (full queue, too large, state halted or fenced, replication stopped)
	 * {@link LogAppend#reject(io.replication.WriteRejectedException) rejects} it at once.
	 * @param record the command
	 * @param append the append to complete once the command is committed
	 */
	void append(CommandRecord record, LogAppend append);

	/**
	 * Queue a command whose caller waits for it in this thread, or send it at once from
	 * this thread when nothing is queued before it. It may wait for Kafka as long as a
	 * send may block ({@code max.block.ms}, which the write timeout bounds); the caller
	 * waits for the command anyway.
	 * @param record the command
	 * @param append the append to complete once the command is committed
	 */
	default void appendWaiting(CommandRecord record, LogAppend append) {
		append(record, append);
	}

}
