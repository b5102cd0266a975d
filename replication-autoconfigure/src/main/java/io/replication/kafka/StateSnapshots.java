package io.replication.kafka;

import java.util.List;
import java.util.function.Supplier;

import io.replication.engine.SnapshottableState;
import org.jspecify.annotations.Nullable;

/**
 * A snapshottable state's snapshots on this instance: restored on start, taken by the
 * {@link SnapshotTrigger} on the apply thread, stored by the {@link SnapshotWriter}.
 *
 * @author replication
 */
final class StateSnapshots {

	private final SnapshottableState state;

	private final SnapshotStore store;

	private final SnapshotRestorer restorer;

	private final SnapshotWriter writer;

	private final SnapshotTrigger trigger;

	private volatile @Nullable SnapshotManifest restored;

	StateSnapshots(SnapshottableState state, SnapshotStore store, SnapshotRestorer restorer, SnapshotWriter writer,
			SnapshotTrigger trigger) {
		this.state = state;
		this.store = store;
		this.restorer = restorer;
		this.writer = writer;
		this.trigger = trigger;
	}

	/**
	 * Restore the newest stored snapshot that reads back whole, before anything is
	 * applied.
	 * @param bounds asks where the state's log starts and ends now; asked after the
	 * manifests are read, so that the end lies past every snapshot of this log
	 * @return what was restored
	 */
	SnapshotRestorer.Outcome restore(Supplier<LogBounds> bounds) {
		try (SnapshotStore.Reading reading = this.store.reading()) {
			List<SnapshotStore.StoredManifest> manifests = reading.manifests();
			this.writer.resume(manifests);
			SnapshotRestorer.Outcome outcome = this.restorer.restore(manifests, bounds.get(), reading);
			this.restored = outcome.manifest();
			return outcome;
		}
	}

	SnapshotTrigger trigger() {
		return this.trigger;
	}

	String topic() {
		return this.store.topic();
	}

	SnapshottableState state() {
		return this.state;
	}

	/**
	 * The last snapshot this instance stored, else the one it restored on start.
	 * @return its manifest, or {@code null}
	 */
	@Nullable SnapshotManifest last() {
		SnapshotManifest written = this.writer.last();
		SnapshotManifest restored = this.restored;
		if (written == null) {
			return restored;
		}
		return (restored != null && restored.covered() > written.covered()) ? restored : written;
	}

	/**
	 * Whether the {@link #last() last snapshot} is the one restored on start.
	 * @return {@code true} until this instance stores a newer one
	 */
	boolean restoredLast() {
		SnapshotManifest restored = this.restored;
		return restored != null && last() == restored;
	}

	void stop() {
		this.writer.stop();
	}

}
