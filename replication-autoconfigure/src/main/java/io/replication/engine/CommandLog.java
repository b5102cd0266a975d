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

}
