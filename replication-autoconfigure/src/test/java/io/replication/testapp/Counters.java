package io.replication.testapp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.replication.Snapshottable;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * Counters keyed by name, for a state of several partitions: each partition's applier
 * touches only its own keys.
 */
@ReplicatedState("counters")
public class Counters implements Snapshottable<Map<String, Long>> {

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	private final AtomicLong appliedSinceStart = new AtomicLong();

	@ReplicatedWrite(key = "#p0")
	public long increment(String name) {
		this.appliedSinceStart.incrementAndGet();
		return this.counts.merge(name, 1L, Long::sum);
	}

	@Override
	public Map<String, Long> snapshot() {
		return new TreeMap<>(this.counts);
	}

	@Override
	public void restore(Map<String, Long> snapshot) {
		this.counts.clear();
		this.counts.putAll(snapshot);
	}

	public Map<String, Long> counts() {
		return new TreeMap<>(this.counts);
	}

	public long appliedSinceStart() {
		return this.appliedSinceStart.get();
	}

}
