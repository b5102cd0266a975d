package io.replication.kafka;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a complete snapshot is: written after all its chunks are in Kafka, so a snapshot
 * without a manifest was never finished and is never loaded. JSON, so an operator can
 * read it with any console consumer.
 *
 * @param format the snapshot format version
 * @param state name of the state
 * @param instanceId the instance that took it
 * @param slot which of the instance's two chunk slots holds it
 * @param snapshotId the snapshot's id, repeated in every chunk
 * @param position the next offset to apply after it, by partition of the state's log
 * @param timestamps log timestamp of the last command it covers, by partition
 * @param takenAt when it was taken, epoch milliseconds
 * @param durationMillis how long taking, encoding and writing it took
 * @param size bytes of the encoded snapshot
 * @param type the snapshot type, for operators
 * @param chunks its chunk records, in order
 * @author replication
 */
record SnapshotManifest(int format, String state, String instanceId, int slot, UUID snapshotId,
		Map<Integer, Long> position, Map<Integer, Long> timestamps, long takenAt, long durationMillis, long size,
		String type, List<Chunk> chunks) {

	static final int FORMAT = 1;

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	/**
	 * Commands the snapshot covers over all partitions, to tell newer snapshots from
	 * older ones of the same log.
	 * @return the sum of its positions
	 */
	long covered() {
		return this.position.values().stream().mapToLong(Long::longValue).sum();
	}

	byte[] encode() {
		return MAPPER.writeValueAsBytes(this);
	}

	/**
	 * The same manifest with another duration.
	 * @param durationMillis how long taking, encoding and writing it took
	 * @return the manifest
	 */
	SnapshotManifest withDurationMillis(long durationMillis) {
		return new SnapshotManifest(this.format, this.state, this.instanceId, this.slot, this.snapshotId, this.position,
				this.timestamps, this.takenAt, durationMillis, this.size, this.type, this.chunks);
	}

	/**
	 * Read a manifest record's value.
	 * @param value the value
	 * @return the manifest
	 * @throws NewerFormatException if a later version of the starter wrote it
	 * @throws CorruptSnapshotException if it is not a manifest
	 */
	static SnapshotManifest decode(byte[] value) {
		try {
			JsonNode tree = MAPPER.readTree(value);
			int format = tree.path("format").asInt(0);
			if (format > FORMAT) {
				throw new NewerFormatException(format);
			}
			if (format < 1) {
				throw new CorruptSnapshotException("a manifest has no format version");
			}
			return MAPPER.treeToValue(tree, SnapshotManifest.class);
		}
		catch (JacksonException ex) {
			throw new CorruptSnapshotException("a manifest does not decode: " + ex.getOriginalMessage(), ex);
		}
	}

	static String key(String instanceId, int slot) {
		return instanceId + "/" + slot;
	}

	static String chunkKey(String instanceId, int slot, int index) {
		return instanceId + "/" + slot + "/" + index;
	}

	/**
	 * Where one chunk is, and what it holds.
	 *
	 * @param offset its offset in the chunk partition
	 * @param size bytes of snapshot it holds
	 * @param crc CRC-32C of those bytes
	 */
	record Chunk(long offset, int size, int crc) {

	}

	/**
	 * A manifest of a format this version of the starter cannot read.
	 */
	static final class NewerFormatException extends RuntimeException {

		private final int format;

		NewerFormatException(int format) {
			super("snapshot format " + format + " is newer than format " + FORMAT + ", the newest this version reads");
			this.format = format;
		}

		int format() {
			return this.format;
		}

	}

}
