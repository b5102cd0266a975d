package io.replication.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.replication.engine.SnapshotCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * A state's snapshot topic: a compacted topic of two partitions. Partition
 * {@value #MANIFESTS} holds manifests, keyed by instance and slot, so the latest two of
 * each instance survive compaction; partition {@value #CHUNKS} holds the chunks, keyed by
 * instance, slot and index. An instance writes its snapshots to its two slots in turn, so
 * a snapshot being written never overwrites the chunks of its newest complete one.
 * Restore reads the small manifest partition whole, then seeks to the chunks one manifest
 * names.
 *
 * @author replication
 */
final class SnapshotStore {

	static final int MANIFESTS = 0;

	static final int CHUNKS = 1;

	static final int PARTITIONS = 2;

	private final String topic;

	private final KafkaTemplate<String, byte[]> template;

	private final Supplier<Consumer<String, ByteBuffer>> consumers;

	private final Duration timeout;

	/**
	 * Create a store.
	 * @param topic the snapshot topic
	 * @param template writes chunks and manifests
	 * @param consumers creates a consumer without a group, closed after each read
	 * @param timeout how long one read or write of a record may take
	 */
	SnapshotStore(String topic, KafkaTemplate<String, byte[]> template,
			Supplier<Consumer<String, ByteBuffer>> consumers, Duration timeout) {
		this.topic = topic;
		this.template = template;
		this.consumers = consumers;
		this.timeout = timeout;
	}

	String topic() {
		return this.topic;
	}

	/**
	 * The latest manifest under each key: every instance's two newest snapshots.
	 * @return the manifests, or what made each unreadable, in the order stored
	 */
	List<StoredManifest> manifests() {
		try (Reading reading = reading()) {
			return reading.manifests();
		}
	}

	/**
	 * Read manifests and then snapshots with one consumer: a restore on start pays for
	 * one consumer's start-up, not one per read.
	 * @return the reading, to close when done
	 */
	Reading reading() {
		return new Reading(this.consumers.get());
	}

	/**
	 * Write the chunks of a new snapshot.
	 * @param instanceId the instance writing it
	 * @param slot the slot it goes to
	 * @param snapshotId its id
	 * @param chunkSize largest chunk, in bytes
	 * @return a stream that writes a chunk each time it fills one
	 */
	ChunkWriter chunkWriter(String instanceId, int slot, UUID snapshotId, int chunkSize) {
		return new ChunkWriter(instanceId, slot, snapshotId, chunkSize);
	}

	/**
	 * Store a manifest: the snapshot it names is complete from now on.
	 * @param manifest the manifest
	 */
	void writeManifest(SnapshotManifest manifest) {
		await(this.template.send(new ProducerRecord<>(this.topic, MANIFESTS,
				SnapshotManifest.key(manifest.instanceId(), manifest.slot()), manifest.encode())));
	}

	/**
	 * Delete chunks a smaller snapshot left of a larger one in the same slot.
	 * @param instanceId the instance
	 * @param slot the slot
	 * @param from first index to delete
	 * @param to index after the last to delete
	 */
	void deleteChunks(String instanceId, int slot, int from, int to) {
		List<CompletableFuture<SendResult<String, byte[]>>> sent = new ArrayList<>();
		for (int index = from; index < to; index++) {
			sent.add(this.template.send(new ProducerRecord<>(this.topic, CHUNKS,
					SnapshotManifest.chunkKey(instanceId, slot, index), null)));
		}
		sent.forEach(this::await);
	}

	/**
	 * Close the producer that writes snapshots.
	 */
	void close() {
		this.template.getProducerFactory().reset();
	}

	private long await(CompletableFuture<SendResult<String, byte[]>> send) {
		try {
			return send.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata().offset();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while writing to '" + this.topic + "'", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("Could not write to '" + this.topic + "': " + ex.getCause(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException(
					"Kafka did not take a record of '" + this.topic + "' within " + this.timeout);
		}
	}

	/**
	 * Reads of the snapshot topic through one consumer, its partitions assigned one at a
	 * time.
	 */
	final class Reading implements AutoCloseable {

		private final Consumer<String, ByteBuffer> consumer;

		Reading(Consumer<String, ByteBuffer> consumer) {
			this.consumer = consumer;
		}

		/**
		 * The latest manifest under each key: every instance's two newest snapshots.
		 * @return the manifests, or what made each unreadable, in the order stored
		 */
		List<StoredManifest> manifests() {
			TopicPartition partition = new TopicPartition(SnapshotStore.this.topic, MANIFESTS);
			Duration timeout = SnapshotStore.this.timeout;
			Map<String, StoredManifest> latest = new LinkedHashMap<>();
			this.consumer.assign(List.of(partition));
			this.consumer.seekToBeginning(List.of(partition));
			long end = this.consumer.endOffsets(List.of(partition), timeout).get(partition);
			long deadline = System.nanoTime() + timeout.toNanos();
			while (this.consumer.position(partition, timeout) < end) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("Could not read the manifests of '" + SnapshotStore.this.topic
							+ "' up to offset " + end + " within " + timeout);
				}
				for (ConsumerRecord<String, ByteBuffer> record : this.consumer.poll(Duration.ofMillis(100))) {
					if (record.key() == null) {
						continue;
					}
					latest.remove(record.key());
					if (record.value() != null) {
						latest.put(record.key(), StoredManifest.read(record.key(), record.offset(), record.value()));
					}
				}
			}
			return List.copyOf(latest.values());
		}

		/**
		 * Read a snapshot's bytes, checking every chunk against its manifest.
		 * @param manifest the snapshot's manifest
		 * @return its bytes; reading fails with {@link CorruptSnapshotException} at the
		 * first chunk that is missing or damaged
		 */
		ChunkReader open(SnapshotManifest manifest) {
			TopicPartition partition = new TopicPartition(SnapshotStore.this.topic, CHUNKS);
			this.consumer.assign(List.of(partition));
			return new ChunkReader(manifest, this.consumer, partition);
		}

		/**
		 * Read a snapshot back whole and decode it.
		 * @param manifest the snapshot's manifest
		 * @param codec decodes it
		 * @param type the state's snapshot type
		 * @return the decoded snapshot
		 * @throws IOException if it does not decode
		 * @throws CorruptSnapshotException at the first chunk that is missing or damaged,
		 * including any the decoder did not read
		 */
		Object read(SnapshotManifest manifest, SnapshotCodec codec, Type type) throws IOException {
			try (InputStream in = open(manifest)) {
				Object value = codec.read(type, in);
				in.transferTo(OutputStream.nullOutputStream());
				return value;
			}
			catch (IOException ex) {
				if (ex.getCause() instanceof CorruptSnapshotException corrupt) {
					throw corrupt;
				}
				throw ex;
			}
		}

		@Override
		public void close() {
			this.consumer.close();
		}

	}

	/**
	 * A manifest as stored: the manifest, or why it cannot be read.
	 *
	 * @param key its record key
	 * @param offset its offset
	 * @param manifest the manifest, or {@code null} if unreadable
	 * @param newerFormat the format it has, if newer than this version reads, else 0
	 * @param problem why it cannot be read, or {@code null}
	 */
	record StoredManifest(String key, long offset, @Nullable SnapshotManifest manifest, int newerFormat,
			@Nullable String problem) {

		static StoredManifest read(String key, long offset, ByteBuffer value) {
			byte[] bytes = new byte[value.remaining()];
			value.duplicate().get(bytes);
			try {
				return new StoredManifest(key, offset, SnapshotManifest.decode(bytes), 0, null);
			}
			catch (SnapshotManifest.NewerFormatException ex) {
				return new StoredManifest(key, offset, null, ex.format(), ex.getMessage());
			}
			catch (CorruptSnapshotException ex) {
				return new StoredManifest(key, offset, null, 0, ex.getMessage());
			}
		}

	}

	/**
	 * Cuts a snapshot's bytes into chunk records, sent as each fills; their offsets go in
	 * the manifest.
	 */
	final class ChunkWriter extends OutputStream {

		private final String instanceId;

		private final int slot;

		private final UUID snapshotId;

		private final byte[] buffer;

		private int filled;

		private long size;

		private final List<CompletableFuture<SendResult<String, byte[]>>> sent = new ArrayList<>();

		private final List<Integer> sizes = new ArrayList<>();

		private final List<Integer> crcs = new ArrayList<>();

		ChunkWriter(String instanceId, int slot, UUID snapshotId, int chunkSize) {
			this.instanceId = instanceId;
			this.slot = slot;
			this.snapshotId = snapshotId;
			this.buffer = new byte[chunkSize];
		}

		@Override
		public void write(int b) throws IOException {
			if (this.filled == this.buffer.length) {
				sendChunk();
			}
			this.buffer[this.filled++] = (byte) b;
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			while (length > 0) {
				if (this.filled == this.buffer.length) {
					sendChunk();
				}
				int copied = Math.min(length, this.buffer.length - this.filled);
				System.arraycopy(bytes, offset, this.buffer, this.filled, copied);
				this.filled += copied;
				offset += copied;
				length -= copied;
			}
		}

		private void sendChunk() {
			int index = this.sent.size();
			this.crcs.add(SnapshotChunk.crc(this.buffer, this.filled));
			this.sizes.add(this.filled);
			this.size += this.filled;
			byte[] value = SnapshotChunk.encode(this.snapshotId, index, this.buffer, this.filled);
			this.sent.add(SnapshotStore.this.template.send(new ProducerRecord<>(SnapshotStore.this.topic, CHUNKS,
					SnapshotManifest.chunkKey(this.instanceId, this.slot, index), value)));
			this.filled = 0;
		}

		/**
		 * Send the last chunk and wait until Kafka holds them all.
		 * @return the chunks, in order
		 */
		List<SnapshotManifest.Chunk> finish() {
			if (this.filled > 0 || this.sent.isEmpty()) {
				sendChunk();
			}
			List<SnapshotManifest.Chunk> chunks = new ArrayList<>();
			for (int index = 0; index < this.sent.size(); index++) {
				chunks.add(new SnapshotManifest.Chunk(await(this.sent.get(index)), this.sizes.get(index),
						this.crcs.get(index)));
			}
			return chunks;
		}

		long size() {
			return this.size + this.filled;
		}

	}

	/**
	 * A snapshot's bytes, read chunk by chunk, each checked before any of its bytes is
	 * handed out.
	 */
	final class ChunkReader extends InputStream {

		private final SnapshotManifest manifest;

		private final Consumer<String, ByteBuffer> consumer;

		private final TopicPartition partition;

		// Records fetched past the chunk asked for: usually the next chunks.
		private final Map<Long, ConsumerRecord<String, ByteBuffer>> fetched = new LinkedHashMap<>();

		private int next;

		private ByteBuffer current = ByteBuffer.allocate(0);

		ChunkReader(SnapshotManifest manifest, Consumer<String, ByteBuffer> consumer, TopicPartition partition) {
			this.manifest = manifest;
			this.consumer = consumer;
			this.partition = partition;
		}

		@Override
		public int read() throws IOException {
			if (!fill()) {
				return -1;
			}
			return this.current.get() & 0xFF;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			if (!fill()) {
				return -1;
			}
			int read = Math.min(length, this.current.remaining());
			this.current.get(bytes, offset, read);
			return read;
		}

		private boolean fill() {
			while (!this.current.hasRemaining()) {
				if (this.next == this.manifest.chunks().size()) {
					return false;
				}
				SnapshotManifest.Chunk expected = this.manifest.chunks().get(this.next);
				SnapshotChunk chunk = SnapshotChunk.decode(fetch(expected.offset()).value());
				chunk.verify(this.manifest, expected, this.next);
				this.current = chunk.payload();
				this.next++;
			}
			return true;
		}

		private ConsumerRecord<String, ByteBuffer> fetch(long offset) {
			ConsumerRecord<String, ByteBuffer> record = this.fetched.remove(offset);
			if (record != null) {
				return record;
			}
			this.fetched.clear();
			this.consumer.seek(this.partition, offset);
			long deadline = System.nanoTime() + SnapshotStore.this.timeout.toNanos();
			while (System.nanoTime() < deadline) {
				for (ConsumerRecord<String, ByteBuffer> polled : this.consumer.poll(Duration.ofMillis(100))) {
					if (polled.offset() >= offset) {
						this.fetched.put(polled.offset(), polled);
					}
				}
				if (!this.fetched.isEmpty()) {
					record = this.fetched.remove(offset);
					if (record == null || record.value() == null) {
						throw new CorruptSnapshotException("chunk at offset " + offset + " of '"
								+ SnapshotStore.this.topic + "' is gone: a later snapshot replaced it");
					}
					return record;
				}
			}
			throw new CorruptSnapshotException("chunk at offset " + offset + " of '" + SnapshotStore.this.topic
					+ "' could not be read within " + SnapshotStore.this.timeout);
		}

		@Override
		public void close() {
			// The consumer is the reading's.
		}

	}

}
