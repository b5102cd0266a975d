package io.replication.engine;

/**
 * What applying a command produced, not yet handed to the call that wrote it. The
 * applier's caller records its position first, so a write that returns is already counted
 * as applied.
 *
 * @author replication
 */
@FunctionalInterface
public interface CommandOutcome {

	/**
	 * Hand the outcome to the waiting call on this instance, if there is one.
	 */
	void deliver();

}
