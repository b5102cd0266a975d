package io.replication.engine;

import org.jspecify.annotations.Nullable;

/**
 * A command read from the log and ready to apply: its record, the method it names and its
 * decoded arguments. Decoding depends on nothing the state holds, so it may run ahead of
 * applying, on another thread.
 *
 * @param record the command's record
 * @param command the method the record names
 * @param arguments the decoded arguments, one per parameter
 * @author replication
 */
public record DecodedCommand(CommandRecord record, CommandDefinition command, @Nullable Object[] arguments) {

}
