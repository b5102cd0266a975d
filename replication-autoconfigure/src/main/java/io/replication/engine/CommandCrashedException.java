package io.replication.engine;

/**
 * A command that threw an {@link Error} (a stack overflow, out of memory) while applied.
 * Unlike an exception, which a deterministic command throws the same way on every
 * instance, an error can strike one instance alone and leave its change half done, so it
 * halts the state here rather than count as the command's outcome.
 *
 * @author replication
 */
public class CommandCrashedException extends RuntimeException {

	public CommandCrashedException(String command, Error error) {
		super("command '" + command + "' threw " + error + " while applied: its change may be half done, so "
				+ "this instance stops applying the state (restart it to rebuild the state from the log)", error);
	}

}
