package io.replication.testapp;

import java.util.Map;
import java.util.TreeMap;

import io.replication.Snapshottable;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

/**
 * Counts by name, snapshotted as tallies declared through an interface: Jackson writes
 * each tally's properties, but has no concrete type to read them back into, so none of
 * its snapshots restores.
 */
@ReplicatedState("tallies")
public class Tallies implements Snapshottable<Tallies.Snapshot> {

	private final TreeMap<String, Long> counts = new TreeMap<>();

	@ReplicatedWrite
	public synchronized long count(String name) {
		return this.counts.merge(name, 1L, Long::sum);
	}

	public synchronized Map<String, Long> counts() {
		return new TreeMap<>(this.counts);
	}

	@Override
	public synchronized Snapshot snapshot() {
		Map<String, Tally> tallies = new TreeMap<>();
		this.counts.forEach((name, count) -> tallies.put(name, new Count(count)));
		return new Snapshot(tallies);
	}

	@Override
	public synchronized void restore(Snapshot snapshot) {
		this.counts.clear();
		snapshot.tallies().forEach((name, tally) -> this.counts.put(name, tally.getCount()));
	}

	/**
	 * What a snapshot holds.
	 *
	 * @param tallies each name's tally
	 */
	public record Snapshot(Map<String, Tally> tallies) {

	}

	/**
	 * A tally, as the snapshot declares it.
	 */
	public interface Tally {

		long getCount();

	}

	record Count(long count) implements Tally {

		@Override
		public long getCount() {
			return this.count;
		}

	}

}
