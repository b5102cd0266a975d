package io.replication.engine;

import java.util.concurrent.CompletableFuture;

/**
 * The durable, ordered log of one state's commands.
 *
 * @author replication
 */
public interface CommandLog {

	/**
	 * Append a command. The future completes once the command is committed (visible to
	 * every reader of the log), or exceptionally with a
	 * {@link io.replication.ReplicationException} if it will never be.
	 * @param record the command
	 * @return the command's position once committed
	 */
	CompletableFuture<Position> append(CommandRecord record);

}
