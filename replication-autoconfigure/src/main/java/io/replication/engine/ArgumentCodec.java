package io.replication.engine;

import org.jspecify.annotations.Nullable;

/**
 * Turns a command's arguments into bytes and back, binding each argument to the method's
 * declared parameter type only.
 *
 * @author replication
 */
public interface ArgumentCodec {

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
