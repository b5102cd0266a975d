package io.replication.kafka;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;

import io.replication.engine.UnreadableCommandException;

/**
 * A batch of records decoded in chunks by whichever thread takes each chunk first: the
 * thread that applies the batch, or a helper decoding ahead of it (see
 * {@link DecodeAhead}). A record that fails to decode keeps its failure, thrown when that
 * record is taken and not before, so the batch halts at it exactly as if each record were
 * decoded in turn.
 *
 * @param <R> the records
 * @param <T> what they decode to
 * @author replication
 */
final class DecodedBatch<R, T> {

	private static final int SPINS_BEFORE_YIELD = 64;

	private final List<R> records;

	private final Function<R, T> decoder;

	private final int chunkSize;

	private final int chunks;

	// A decoded value, or the Failure of its record. Written before its chunk's flag is
	// set, read after it is seen set.
	private final Object[] decoded;

	private final AtomicIntegerArray chunkDecoded;

	private final AtomicInteger nextChunk = new AtomicInteger();

	DecodedBatch(List<R> records, Function<R, T> decoder, int chunkSize) {
		this.records = records;
		this.decoder = decoder;
		this.chunkSize = chunkSize;
		this.chunks = (records.size() + chunkSize - 1) / chunkSize;
		this.decoded = new Object[records.size()];
		this.chunkDecoded = new AtomicIntegerArray(this.chunks);
	}

	/**
	 * Take one record, decoded. The thread applying the batch calls this, for records in
	 * order; it decodes chunks itself while the one it needs is not done.
	 * @param index the record's index in the batch
	 * @return the record, decoded
	 * @throws RuntimeException or {@link Error}: what decoding that record threw
	 */
	@SuppressWarnings("unchecked")
	T get(int index) {
		int chunk = index / this.chunkSize;
		int spins = 0;
		while (this.chunkDecoded.get(chunk) == 0) {
			if (!decodeNextChunk()) {
				// The helper has the chunk needed: it is short.
				if (++spins < SPINS_BEFORE_YIELD) {
					Thread.onSpinWait();
				}
				else {
					Thread.yield();
				}
			}
		}
		Object value = this.decoded[index];
		if (value instanceof Failure failure) {
			throw failure.rethrown();
		}
		return (T) value;
	}

	/**
	 * Decode chunks ahead of the thread applying them, until none is left.
	 */
	void decodeAhead() {
		while (decodeNextChunk()) {
			// Each chunk in turn.
		}
	}

	/**
	 * Stop decoding ahead: the records not yet applied will not be (the batch halted).
	 */
	void abandon() {
		this.nextChunk.set(this.chunks);
	}

	private boolean decodeNextChunk() {
		int chunk = this.nextChunk.getAndIncrement();
		if (chunk >= this.chunks) {
			return false;
		}
		int end = Math.min(this.records.size(), (chunk + 1) * this.chunkSize);
		for (int i = chunk * this.chunkSize; i < end; i++) {
			try {
				this.decoded[i] = this.decoder.apply(this.records.get(i));
			}
			catch (Throwable ex) {
				// Every failure is kept, so the chunk is always marked decoded.
				this.decoded[i] = new Failure(ex);
			}
		}
		this.chunkDecoded.set(chunk, 1);
		return true;
	}

	private record Failure(Throwable thrown) {

		RuntimeException rethrown() {
			if (this.thrown instanceof Error error) {
				throw error;
			}
			if (this.thrown instanceof RuntimeException ex) {
				return ex;
			}
			// A checked exception thrown undeclared by a decoder.
			return new UnreadableCommandException("record cannot be decoded: " + this.thrown, this.thrown);
		}

	}

}
