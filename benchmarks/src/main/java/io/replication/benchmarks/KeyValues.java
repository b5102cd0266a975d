package io.replication.benchmarks;

import java.util.HashMap;
import java.util.Map;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * The starter's side of the peer comparison: a replicated map, written the way KCache's
 * map is.
 */
@ReplicatedState(KeyValues.STATE)
public class KeyValues {

	static final String STATE = "keyvalues";

	private final Map<String, Long> values = new HashMap<>();

	/**
	 * Put a value.
	 * @param key the key
	 * @param value the value
	 * @return the previous value, or {@code null}
	 */
	@ReplicatedWrite
	public Long put(String key, Long value) {
		return this.values.put(key, value);
	}

}
