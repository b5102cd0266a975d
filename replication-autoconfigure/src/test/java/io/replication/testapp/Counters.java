package io.replication.testapp;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.replication.Snapshottable;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.jspecify.annotations.Nullable;

/**
 * Counters keyed by name, for a state of several partitions: each partition's applier
 * touches only its own keys.
 */
@ReplicatedState("counters")
public class Counters implements Snapshottable<Map<String, Long>> {

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	private final AtomicLong appliedSinceStart = new AtomicLong();

	private volatile @Nullable HeldIncrement hold;

	@ReplicatedWrite(key = "#p0")
	public long increment(String name) {
		HeldIncrement held = this.hold;
		if (held != null && held.name().equals(name)) {
			this.hold = null;
			held.hold().await();
		}
		this.appliedSinceStart.incrementAndGet();
		return this.counts.merge(name, 1L, Long::sum);
	}

	/**
	 * Make the next increment of a counter applied on this instance wait, on its
	 * partition's applying thread, before it counts.
	 * @param name the counter
	 * @param entered counted down when the increment starts waiting
	 * @param release what it waits for
	 */
	public void holdNextIncrement(String name, CountDownLatch entered, CountDownLatch release) {
		this.hold = new HeldIncrement(name, new ApplyHold(entered, release));
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

	private record HeldIncrement(String name, ApplyHold hold) {

	}

}
