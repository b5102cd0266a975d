package io.replication.annotation;

/**
 * How fresh a {@link ReplicatedRead @ReplicatedRead} method's view of its state is.
 *
 * @author replication
 */
public enum ReadConsistency {

	/**
	 * Read what this instance has applied, at once. Never half of a command, but maybe
	 * behind other instances.
	 */
	LOCAL,

	/**
	 * First ask Kafka for the committed end of the state's log, wait until this instance
	 * has applied it, then read: the read sees every write committed before it began,
	 * whichever instance took it.
	 */
	LINEARIZABLE

}
