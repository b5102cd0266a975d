package io.replication.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.replication.engine.ReplicationMetrics;
import io.replication.engine.SnapshotCodec;
import io.replication.engine.SnapshottableState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and stores a state's snapshots on a thread of its own, one at a time, so the
 * thread that applies the state only captures the value. Chunks first, then the manifest
 * that makes the snapshot complete, then the chunks the slot's previous, larger snapshot
 * left behind are deleted; then the log is trimmed, if asked.
 *
 * @author replication
 */
final class SnapshotWriter {

	private static final Log logger = LogFactory.getLog(SnapshotWriter.class);

	// How long stopping waits for a snapshot being stored to give up.
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final SnapshottableState state;

	private final String instanceId;

	private final SnapshotStore store;

	private final SnapshotCodec codec;

	private final int chunkSize;

	private final ReplicationMetrics metrics;

	private final @Nullable LogTrimmer trimmer;

	private final ExecutorService executor;

	private final AtomicBoolean writing = new AtomicBoolean();

	// Chunks in each of this instance's two slots, as far as it knows.
	private final int[] chunksInSlot = new int[2];

	private volatile int nextSlot;

	private volatile @Nullable SnapshotManifest last;

	SnapshotWriter(SnapshottableState state, String instanceId, SnapshotStore store, SnapshotCodec codec, int chunkSize,
			ReplicationMetrics metrics, @Nullable LogTrimmer trimmer) {
		this.state = state;
		this.instanceId = instanceId;
		this.store = store;
		this.codec = codec;
		this.chunkSize = chunkSize;
		this.metrics = metrics;
		this.trimmer = trimmer;
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "replication-snapshot-" + state.name());
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Learn which slots this instance's stored snapshots use, so the next one goes to the
	 * slot that does not hold the newest.
	 * @param manifests the stored manifests
	 */
	void resume(List<SnapshotStore.StoredManifest> manifests) {
		SnapshotManifest newest = null;
		for (SnapshotStore.StoredManifest stored : manifests) {
			SnapshotManifest manifest = stored.manifest();
			if (manifest != null && manifest.instanceId().equals(this.instanceId) && manifest.slot() >= 0
					&& manifest.slot() < 2) {
				this.chunksInSlot[manifest.slot()] = manifest.chunks().size();
				if (newest == null || manifest.takenAt() > newest.takenAt()) {
					newest = manifest;
				}
			}
		}
		if (newest != null) {
			this.nextSlot = 1 - newest.slot();
			this.last = newest;
		}
	}

	/**
	 * Whether a snapshot is being encoded or stored now.
	 * @return {@code true} until the last one is stored or failed
	 */
	boolean busy() {
		return this.writing.get();
	}

	/**
	 * Encode and store a snapshot, on the writer's thread.
	 * @param value what {@code snapshot()} returned
	 * @param position the next offset to apply after it, by partition
	 * @param timestamps log timestamp of the last command it covers, by partition
	 * @param startNanos when taking it began
	 * @return whether it was accepted; {@code false} while another is being written
	 */
	boolean write(Object value, Map<Integer, Long> position, Map<Integer, Long> timestamps, long startNanos) {
		if (!this.writing.compareAndSet(false, true)) {
			return false;
		}
		try {
			this.executor.execute(() -> {
				try {
					store(value, position, timestamps, startNanos);
				}
				catch (IOException | RuntimeException ex) {
					logger.warn("Snapshot of state '" + this.state.name() + "' taken by '" + this.instanceId + "' at "
							+ position + " was not stored; the previous one stays in use: " + ex, ex);
				}
				finally {
					this.writing.set(false);
				}
			});
			return true;
		}
		catch (RuntimeException ex) {
			// Stopped.
			this.writing.set(false);
			return false;
		}
	}

	private void store(Object value, Map<Integer, Long> position, Map<Integer, Long> timestamps, long startNanos)
			throws IOException {
		int slot = this.nextSlot;
		UUID snapshotId = UUID.randomUUID();
		long takenAt = System.currentTimeMillis();
		if (logger.isDebugEnabled()) {
			logger.debug("Writing snapshot " + snapshotId + " of state '" + this.state.name() + "' at " + position
					+ " to slot " + slot + " of '" + this.store.topic() + "'");
		}
		SnapshotStore.ChunkWriter chunks = this.store.chunkWriter(this.instanceId, slot, snapshotId, this.chunkSize);
		this.codec.write(value, this.state.snapshotType(), chunks);
		List<SnapshotManifest.Chunk> written = chunks.finish();
		long nanos = System.nanoTime() - startNanos;
		SnapshotManifest manifest = new SnapshotManifest(SnapshotManifest.FORMAT, this.state.name(), this.instanceId,
				slot, snapshotId, new HashMap<>(position), new HashMap<>(timestamps), takenAt, nanos / 1_000_000,
				chunks.size(), this.state.snapshotType().getTypeName(), written);
		if (this.trimmer != null) {
			readBack(manifest);
			// Reading it back is part of what storing it took.
			nanos = System.nanoTime() - startNanos;
			manifest = manifest.withDurationMillis(nanos / 1_000_000);
		}
		this.store.writeManifest(manifest);
		// Stored: whatever happens to the clean-up below.
		int previousChunks = this.chunksInSlot[slot];
		this.chunksInSlot[slot] = written.size();
		this.nextSlot = 1 - slot;
		this.last = manifest;
		this.metrics.snapshotWritten(this.state.name(), nanos, manifest.size());
		logger.info("Stored snapshot of state '" + this.state.name() + "' at " + position + ": " + manifest.size()
				+ " bytes in " + written.size() + " chunk(s), " + manifest.durationMillis() + " ms");
		if (previousChunks > written.size()) {
			this.store.deleteChunks(this.instanceId, slot, written.size(), previousChunks);
		}
		if (this.trimmer != null) {
			this.trimmer.trim();
		}
	}

	/**
	 * Read a snapshot's chunks back from Kafka and decode them, before its manifest makes
	 * it count: the log is trimmed past what snapshots cover, and past one that does not
	 * restore (a snapshot type Jackson writes but cannot read, say) the trimmed commands
	 * would be lost. Only when trimming, as it costs a second decoded copy of the state.
	 */
	private void readBack(SnapshotManifest manifest) throws IOException {
		try (SnapshotStore.Reading reading = this.store.reading()) {
			reading.read(manifest, this.codec, this.state.snapshotType());
		}
		catch (IOException | CorruptSnapshotException ex) {
			throw new IOException(
					"it does not read back, and the log is only trimmed past snapshots that do: " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * The last snapshot this instance stored, or found stored on start.
	 * @return its manifest, or {@code null}
	 */
	@Nullable SnapshotManifest last() {
		return this.last;
	}

	/**
	 * Stop: a snapshot being stored is abandoned (its manifest never written, so it is
	 * never loaded), and the producer closed.
	 */
	void stop() {
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.store.close();
	}

}
