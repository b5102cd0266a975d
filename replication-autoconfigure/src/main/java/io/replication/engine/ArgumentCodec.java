package io.replication.engine;

import org.jspecify.annotations.Nullable;

/**
 * Turns a command's arguments into bytes and back, binding each argument to the method's
 * declared parameter type only.
 *
 * @author replication
 */
public interface ArgumentCodec {

	/**
	 * Encode a call's arguments. What this returns must {@link #decode decode}: a record
	 * that does not halts every instance that applies it.
	 * @param command the command called
	 * @param arguments the call's arguments, one per parameter
	 * @return the encoded arguments
	 * @throws IllegalArgumentException if the arguments cannot be encoded, or would not
	 * decode again; the write is then refused, and nothing appended
	 */
	byte[] encode(CommandDefinition command, @Nullable Object[] arguments);

	/**
	 * Decode a record's arguments.
	 * @param command the command the record names
	 * @param payload the encoded arguments
	 * @return the arguments, one per parameter
	 * @throws UnreadableCommandException if the payload does not fit the parameters
	 */
	@Nullable Object[] decode(CommandDefinition command, byte[] payload);

}
