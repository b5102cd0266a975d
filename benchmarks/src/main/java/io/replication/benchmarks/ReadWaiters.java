package io.replication.benchmarks;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Writes waiting until a reader has read their offset: raw Kafka's counterpart of a call
 * waiting until its instance has applied its command.
 */
final class ReadWaiters {

	private final ConcurrentSkipListMap<Long, CompletableFuture<Long>> waiting = new ConcurrentSkipListMap<>();

	// The next offset the reader will read: every offset below it has been read.
	private volatile long readUpTo;

	/**
	 * Complete a future once the record at an offset has been read.
	 * @param offset the record's offset
	 * @param read completed with the offset
	 */
	void whenRead(long offset, CompletableFuture<Long> read) {
		this.waiting.put(offset, read);
		// The reader may have passed the offset before it was put: then it did not see
		// it.
		if (offset < this.readUpTo && this.waiting.remove(offset, read)) {
			read.complete(offset);
		}
	}

	/**
	 * The reader has read every record before an offset.
	 * @param nextOffset the offset it reads next
	 */
	void readUpTo(long nextOffset) {
		this.readUpTo = nextOffset;
		Map.Entry<Long, CompletableFuture<Long>> first;
		while ((first = this.waiting.firstEntry()) != null && first.getKey() < nextOffset) {
			if (this.waiting.remove(first.getKey(), first.getValue())) {
				first.getValue().complete(first.getKey());
			}
		}
	}

}
