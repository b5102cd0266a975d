package io.replication.kafka;

import java.nio.ByteBuffer;
import java.util.UUID;
import java.util.zip.CRC32C;

import org.jspecify.annotations.Nullable;

/**
 * One chunk record of a snapshot: a header that names the snapshot and the chunk's place
 * in it, with the CRC-32C of its bytes, then the bytes. A record that is not the chunk a
 * manifest names (overwritten, forged, damaged) fails {@link #verify}.
 *
 * @param snapshotId the snapshot it belongs to
 * @param index its place in the snapshot, from 0
 * @param crc CRC-32C of the payload
 * @param payload the snapshot bytes it holds
 * @author replication
 */
record SnapshotChunk(UUID snapshotId, int index, int crc, ByteBuffer payload) {

	// Format byte, snapshot id, index, CRC.
	static final int HEADER_BYTES = 1 + 16 + 4 + 4;

	static final byte FORMAT = 1;

	static byte[] encode(UUID snapshotId, int index, byte[] bytes, int length) {
		ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + length);
		buffer.put(FORMAT);
		buffer.putLong(snapshotId.getMostSignificantBits());
		buffer.putLong(snapshotId.getLeastSignificantBits());
		buffer.putInt(index);
		buffer.putInt(crc(bytes, length));
		buffer.put(bytes, 0, length);
		return buffer.array();
	}

	static int crc(byte[] bytes, int length) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, length);
		return (int) crc.getValue();
	}

	/**
	 * Read a chunk record's value.
	 * @param value the record's value
	 * @return the chunk
	 * @throws CorruptSnapshotException if it is no chunk of a format this version reads
	 */
	static SnapshotChunk decode(@Nullable ByteBuffer value) {
		if (value == null || value.remaining() < HEADER_BYTES) {
			throw new CorruptSnapshotException("a chunk record is shorter than a chunk header");
		}
		// The caller's buffer keeps its position.
		ByteBuffer buffer = value.duplicate();
		byte format = buffer.get();
		if (format != FORMAT) {
			throw new CorruptSnapshotException("a chunk record has format " + format + ", not " + FORMAT);
		}
		UUID snapshotId = new UUID(buffer.getLong(), buffer.getLong());
		int index = buffer.getInt();
		int crc = buffer.getInt();
		return new SnapshotChunk(snapshotId, index, crc, buffer.slice());
	}

	/**
	 * Check that this is the chunk a manifest names, undamaged.
	 * @param manifest the snapshot's manifest
	 * @param expected the chunk as the manifest describes it
	 * @param index its place in the snapshot
	 * @throws CorruptSnapshotException if it is not
	 */
	void verify(SnapshotManifest manifest, SnapshotManifest.Chunk expected, int index) {
		String where = "chunk " + index + " at offset " + expected.offset();
		if (!this.snapshotId.equals(manifest.snapshotId()) || this.index != index) {
			throw new CorruptSnapshotException(where + " belongs to another snapshot (" + this.snapshotId + " chunk "
					+ this.index + "): it was overwritten by a later snapshot");
		}
		if (this.payload.remaining() != expected.size()) {
			throw new CorruptSnapshotException(
					where + " holds " + this.payload.remaining() + " bytes, the manifest says " + expected.size());
		}
		CRC32C actual = new CRC32C();
		actual.update(this.payload.duplicate());
		if ((int) actual.getValue() != this.crc || this.crc != expected.crc()) {
			throw new CorruptSnapshotException(where + " fails its CRC-32C check");
		}
	}

}
