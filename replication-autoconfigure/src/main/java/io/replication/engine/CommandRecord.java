package io.replication.engine;

import java.util.Map;
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
 * @param traceContext trace context of the write, as header names and values; empty
 * unless a tracer is present
 * @author replication
 */
public record CommandRecord(String state, String command, String origin, UUID invocationId, int formatVersion,
		@Nullable String key, byte[] arguments, Map<String, String> traceContext) {

	/**
	 * A command that carries no trace context.
	 * @param state name of the state
	 * @param command name of the command
	 * @param origin instance id of the writer
	 * @param invocationId unique id of the call
	 * @param formatVersion version of the record format
	 * @param key record key, or {@code null}
	 * @param arguments encoded arguments
	 */
	public CommandRecord(String state, String command, String origin, UUID invocationId, int formatVersion,
			@Nullable String key, byte[] arguments) {
		this(state, command, origin, invocationId, formatVersion, key, arguments, Map.of());
	}

	/**
	 * Format version this code writes and the newest it reads.
	 */
	public static final int FORMAT_VERSION = 2;

}
