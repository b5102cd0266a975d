package io.replication.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a restore accepts as a snapshot's chunk and manifest, and what it refuses.
 */
class SnapshotChunkTests {

	private static final byte[] BYTES = "{\"balances\":{\"alice\":100}}".getBytes(StandardCharsets.UTF_8);

	private final UUID snapshotId = UUID.randomUUID();

	@Test
	void chunkThatIsTheOneTheManifestNamesVerifies() {
		SnapshotManifest manifest = manifest(this.snapshotId, SnapshotChunk.crc(BYTES, BYTES.length));
		SnapshotChunk chunk = SnapshotChunk
			.decode(fetched(SnapshotChunk.encode(this.snapshotId, 0, BYTES, BYTES.length)));
		chunk.verify(manifest, manifest.chunks().get(0), 0);
		byte[] payload = new byte[chunk.payload().remaining()];
		chunk.payload().get(payload);
		assertThat(payload).isEqualTo(BYTES);
	}

	@Test
	void damagedChunkFailsItsChecksum() {
		SnapshotManifest manifest = manifest(this.snapshotId, SnapshotChunk.crc(BYTES, BYTES.length));
		byte[] value = SnapshotChunk.encode(this.snapshotId, 0, BYTES, BYTES.length);
		value[value.length - 2] ^= 0x10;
		assertThatExceptionOfType(CorruptSnapshotException.class)
			.isThrownBy(() -> SnapshotChunk.decode(fetched(value)).verify(manifest, manifest.chunks().get(0), 0))
			.withMessage("chunk 0 at offset 7 fails its CRC-32C check");
	}

	@Test
	void chunkOfAnotherSnapshotIsRefused() {
		SnapshotManifest manifest = manifest(this.snapshotId, SnapshotChunk.crc(BYTES, BYTES.length));
		byte[] value = SnapshotChunk.encode(UUID.randomUUID(), 0, BYTES, BYTES.length);
		assertThatExceptionOfType(CorruptSnapshotException.class)
			.isThrownBy(() -> SnapshotChunk.decode(fetched(value)).verify(manifest, manifest.chunks().get(0), 0))
			.withMessageContaining("belongs to another snapshot");
	}

	@Test
	void recordShorterThanAHeaderIsNoChunk() {
		assertThatExceptionOfType(CorruptSnapshotException.class)
			.isThrownBy(() -> SnapshotChunk.decode(fetched(new byte[3])));
	}

	@Test
	void manifestRoundTripsAndANewerFormatIsRecognized() {
		SnapshotManifest manifest = manifest(this.snapshotId, 42);
		assertThat(SnapshotManifest.decode(manifest.encode())).isEqualTo(manifest);
		assertThatExceptionOfType(SnapshotManifest.NewerFormatException.class)
			.isThrownBy(() -> SnapshotManifest.decode("{\"format\":2}".getBytes(StandardCharsets.UTF_8)))
			.satisfies((ex) -> assertThat(ex.format()).isEqualTo(2));
		assertThatExceptionOfType(CorruptSnapshotException.class)
			.isThrownBy(() -> SnapshotManifest.decode("not json".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void snapshotIsDueAfterEnoughCommandsAndNoSoonerThanTheInterval() {
		SnapshotSettings settings = new SnapshotSettings(true, 100, Duration.ofSeconds(60), 1024, false);
		assertThat(settings.due(99, Long.MAX_VALUE)).isFalse();
		assertThat(settings.due(100, Long.MAX_VALUE)).isTrue();
		assertThat(settings.due(100_000, Duration.ofSeconds(59).toNanos())).isFalse();
		assertThat(settings.due(100, Duration.ofSeconds(60).toNanos())).isTrue();
		assertThat(new SnapshotSettings(false, 100, Duration.ZERO, 1024, false).due(1_000, Long.MAX_VALUE)).isFalse();
	}

	// A chunk's value as the consumer hands it over: a slice of the fetched bytes, with
	// other records' bytes on both sides.
	private static ByteBuffer fetched(byte[] value) {
		byte[] bytes = new byte[value.length + 9];
		Arrays.fill(bytes, (byte) 0x33);
		System.arraycopy(value, 0, bytes, 4, value.length);
		return ByteBuffer.wrap(bytes, 4, value.length).slice();
	}

	private SnapshotManifest manifest(UUID id, int crc) {
		return new SnapshotManifest(SnapshotManifest.FORMAT, "ledger", "a", 0, id, Map.of(0, 10L), Map.of(0, 1L), 5L,
				3L, BYTES.length, "Balances", List.of(new SnapshotManifest.Chunk(7, BYTES.length, crc)));
	}

}
