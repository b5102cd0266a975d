package io.replication.kafka;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.replication.engine.ReplicationMetrics;
import io.replication.engine.SnapshotCodec;
import io.replication.engine.SnapshottableState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Restores a state on start from the newest stored snapshot that reads back whole: every
 * chunk present and checked, the bytes decoded, and only then handed to
 * {@code restore()}. A snapshot that fails any of that is logged and passed over for the
 * next newest, and without one the state replays its log from the beginning.
 *
 * @author replication
 */
final class SnapshotRestorer {

	private static final Log logger = LogFactory.getLog(SnapshotRestorer.class);

	private final SnapshottableState state;

	private final SnapshotStore store;

	private final SnapshotCodec codec;

	private final ReplicationMetrics metrics;

	SnapshotRestorer(SnapshottableState state, SnapshotStore store, SnapshotCodec codec, ReplicationMetrics metrics) {
		this.state = state;
		this.store = store;
		this.codec = codec;
		this.metrics = metrics;
	}

	/**
	 * Restore the newest snapshot that reads back whole.
	 * @param manifests the stored manifests
	 * @param log where the state's log starts and ends now
	 * @param reading reads the snapshots
	 * @return what was restored
	 */
	Outcome restore(List<SnapshotStore.StoredManifest> manifests, LogBounds log, SnapshotStore.Reading reading) {
		for (SnapshotStore.StoredManifest stored : manifests) {
			if (stored.newerFormat() > 0) {
				return Outcome.newerFormat("snapshot '" + stored.key() + "' at offset " + stored.offset() + " of '"
						+ this.store.topic() + "' has " + stored.problem()
						+ ": a later version of the application wrote it. Run that version, or delete the "
						+ "snapshot topic to rebuild from the log");
			}
			if (stored.problem() != null) {
				logger.warn("Snapshot '" + stored.key() + "' at offset " + stored.offset() + " of '"
						+ this.store.topic() + "' is not used: " + stored.problem());
			}
		}
		List<SnapshotManifest> candidates = manifests.stream()
			.map(SnapshotStore.StoredManifest::manifest)
			.filter(Objects::nonNull)
			.filter((manifest) -> manifest.state().equals(this.state.name()))
			.filter((manifest) -> log.reads(manifest.position()))
			.sorted(Comparator.comparingLong(SnapshotManifest::covered)
				.thenComparingLong(SnapshotManifest::takenAt)
				.reversed())
			.toList();
		for (SnapshotManifest manifest : candidates) {
			if (log.endsBefore(manifest.position())) {
				logger.warn("Snapshot of state '" + this.state.name() + "' at " + manifest.position() + ", taken by '"
						+ manifest.instanceId() + "', covers offsets beyond the end of the log " + log.ends()
						+ ": it was taken of an earlier log of that name, and is not loaded");
				continue;
			}
			if (!log.holdsAfter(manifest.position())) {
				// Older than what the log still holds: a newer one exists, or none helps.
				continue;
			}
			long start = System.nanoTime();
			try {
				Object value = reading.read(manifest, this.codec, this.state.snapshotType());
				this.state.restore(value);
			}
			catch (CorruptSnapshotException | IOException ex) {
				logger.warn("Snapshot of state '" + this.state.name() + "' at " + manifest.position() + ", taken by '"
						+ manifest.instanceId() + "', is corrupt or incomplete and is not loaded (" + ex.getMessage()
						+ "); trying an older snapshot, or else the log from the beginning");
				continue;
			}
			long nanos = System.nanoTime() - start;
			this.metrics.snapshotRestored(this.state.name(), nanos, manifest.size());
			logger.info("Restored state '" + this.state.name() + "' from the snapshot taken by '"
					+ manifest.instanceId() + "' at " + manifest.position() + " (" + manifest.size() + " bytes) in "
					+ nanos / 1_000_000 + " ms; replaying the log from there");
			return Outcome.restored(manifest);
		}
		return Outcome.none();
	}

	/**
	 * What restoring found.
	 *
	 * @param manifest the snapshot restored, or {@code null}
	 * @param haltReason why the state must halt instead of starting, or {@code null}
	 */
	record Outcome(@Nullable SnapshotManifest manifest, @Nullable String haltReason) {

		static Outcome restored(SnapshotManifest manifest) {
			return new Outcome(manifest, null);
		}

		static Outcome none() {
			return new Outcome(null, null);
		}

		static Outcome newerFormat(String reason) {
			return new Outcome(null, reason);
		}

	}

}
