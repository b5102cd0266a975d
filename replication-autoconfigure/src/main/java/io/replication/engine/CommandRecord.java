package io.replication.engine;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A command as it is stored in the log.
 *
 * @param state name of the state
 * @param command name of the command
 * @param origin instance id of the writer
 * @param invocationId unique id of the call, so the writer can find its caller again
 * @param formatVersion version of the record format
 * @param key record key, which picks the partition, or {@code null}
 * @param arguments encoded arguments
 * @author replication
 */
public record CommandRecord(String state, String command, String origin, UUID invocationId, int formatVersion,
		@Nullable String key, byte[] arguments) {

	/**
	 * Format version this code writes and the newest it reads.
	 */
	public static final int FORMAT_VERSION = 2;

}
