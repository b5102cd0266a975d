package io.replication.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the names in a command envelope (state, command, origin), handing back the
 * {@code String} it decoded before when the bytes are the same. A log repeats a handful
 * of names millions of times: reusing them saves an allocation per name and per record,
 * and the reused strings keep their hash codes for the lookups that follow.
 * <p>
 * Safe for concurrent use without locks: a slot holds an immutable entry, and a lost
 * update only costs a decode.
 *
 * @author replication
 */
final class EnvelopeNames {

	private static final int SLOTS = 64;

	// Longer names are decoded every time rather than kept.
	private static final int MAX_KEPT_LENGTH = 256;

	private final @Nullable Entry[] entries = new Entry[SLOTS];

	/**
	 * The name encoded in part of an array.
	 * @param source the array
	 * @param offset where the UTF-8 bytes start
	 * @param length how many bytes there are
	 * @return the decoded name
	 */
	String decode(byte[] source, int offset, int length) {
		int end = offset + length;
		int hash = 1;
		for (int i = offset; i < end; i++) {
			hash = 31 * hash + source[i];
		}
		int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
		Entry entry = this.entries[slot];
		if (entry != null && Arrays.equals(entry.utf8, 0, entry.utf8.length, source, offset, end)) {
			return entry.name;
		}
		String name = new String(source, offset, length, StandardCharsets.UTF_8);
		if (length <= MAX_KEPT_LENGTH) {
			this.entries[slot] = new Entry(Arrays.copyOfRange(source, offset, end), name);
		}
		return name;
	}

	private record Entry(byte[] utf8, String name) {

	}

}
