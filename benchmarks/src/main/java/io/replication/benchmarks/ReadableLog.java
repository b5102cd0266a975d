package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.List;

import io.replication.annotation.ReadConsistency;
import io.replication.annotation.ReplicatedRead;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * The replicated state of the read benchmark: a list of payloads, read plainly, as a
 * {@code LOCAL} and as a {@code LINEARIZABLE} {@code @ReplicatedRead}.
 */
@ReplicatedState(ReadableLog.STATE)
public class ReadableLog {

	static final String STATE = "readable";

	private final List<String> entries = new ArrayList<>();

	private volatile int size;

	@ReplicatedWrite
	public int append(String payload) {
		this.entries.add(payload);
		this.size = this.entries.size();
		return this.size;
	}

	/**
	 * A plain read, with no ordering against applies.
	 * @return the number of payloads
	 */
	public int size() {
		return this.size;
	}

	@ReplicatedRead
	public int sizeLocal() {
		return this.entries.size();
	}

	@ReplicatedRead(consistency = ReadConsistency.LINEARIZABLE)
	public int sizeLinearizable() {
		return this.entries.size();
	}

}
