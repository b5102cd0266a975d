package io.replication.engine;

/**
 * Where a command sits in the log.
 *
 * @param state name of the state
 * @param partition partition of the state's topic
 * @param offset offset in that partition
 * @author replication
 */
public record Position(String state, int partition, long offset) {

	@Override
	public String toString() {
		return this.state + "-" + this.partition + "@" + this.offset;
	}

}
