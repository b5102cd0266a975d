package io.replication.kafka;

import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Decodes the names in a command envelope (state, command, origin), handing back the
 * {@code String} it decoded before when the bytes are the same. A log repeats a handful
 * of names millions of times: reusing them saves an allocation per name and per record,
 * and the reused strings keep their hash codes for the lookups that follow. Consecutive
 * records mostly repeat all three names: the last three decoded are handed back after a
 * single comparison of their bytes, before any name is hashed. Records whose names take
 * turns (a state's commands, the instances that wrote them) find theirs in a table of
 * every set decoded, by a hash of their bytes, without decoding a name again. Once each
 * set is in the table, neither path writes to this object (unless two sets share a slot),
 * so the threads that share it only read it.
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

	// Sets of names by a hash of their bytes.
	private final @Nullable Names[] sets = new Names[SLOTS];

	// The last set decoded. Immutable, so a plain field is safe to share between consumer
	// threads.
	private @Nullable Names last;

	/**
	 * The three names that follow each other from an offset, each an unsigned 16-bit
	 * length and its UTF-8 bytes.
	 * @param source the array
	 * @param offset where the first name's length starts
	 * @param limit where the encoded record ends in the array: the names may not run past
	 * it
	 * @return the names, and how many bytes they take
	 * @throws BufferUnderflowException if the names run past the limit
	 */
	Names decodeNames(byte[] source, int offset, int limit) {
		int stateAt = offset + 2;
		int commandAt = stateAt + length(source, offset, limit) + 2;
		int originAt = commandAt + length(source, commandAt - 2, limit) + 2;
		int end = originAt + length(source, originAt - 2, limit);
		if (end > limit) {
			throw new BufferUnderflowException();
		}
		Names last = this.last;
		if (last != null && last.isEncodedIn(source, offset, end)) {
			return last;
		}
		return lookUp(source, offset, commandAt, originAt, end);
	}

	// Apart from the check of the last set, so that check stays small enough to inline.
	private Names lookUp(byte[] source, int offset, int commandAt, int originAt, int end) {
		int stateAt = offset + 2;
		int slot = slot(source, offset, end);
		Names known = this.sets[slot];
		if (known != null && known.isEncodedIn(source, offset, end)) {
			return known;
		}
		Names names = new Names(decode(source, stateAt, commandAt - 2 - stateAt),
				decode(source, commandAt, originAt - 2 - commandAt), decode(source, originAt, end - originAt),
				Arrays.copyOfRange(source, offset, end));
		if (end - offset <= 3 * MAX_KEPT_LENGTH) {
			this.sets[slot] = names;
			this.last = names;
		}
		return names;
	}

	private static int slot(byte[] source, int offset, int end) {
		int hash = 1;
		for (int i = offset; i < end; i++) {
			hash = 31 * hash + source[i];
		}
		return (hash ^ (hash >>> 16)) & (SLOTS - 1);
	}

	private static int length(byte[] source, int at, int limit) {
		if (at + 2 > limit) {
			throw new BufferUnderflowException();
		}
		return ((source[at] & 0xFF) << 8) | (source[at + 1] & 0xFF);
	}

	/**
	 * The name encoded in part of an array.
	 * @param source the array
	 * @param offset where the UTF-8 bytes start
	 * @param length how many bytes there are
	 * @return the decoded name
	 */
	String decode(byte[] source, int offset, int length) {
		int end = offset + length;
		int slot = slot(source, offset, end);
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

	/**
	 * The names of an envelope: its state, command and origin.
	 */
	static final class Names {

		private final String state;

		private final String command;

		private final String origin;

		private final byte[] encoded;

		private Names(String state, String command, String origin, byte[] encoded) {
			this.state = state;
			this.command = command;
			this.origin = origin;
			this.encoded = encoded;
		}

		String state() {
			return this.state;
		}

		String command() {
			return this.command;
		}

		String origin() {
			return this.origin;
		}

		private boolean isEncodedIn(byte[] source, int offset, int end) {
			return Arrays.equals(this.encoded, 0, this.encoded.length, source, offset, end);
		}

		/**
		 * How many bytes the names take, with their lengths.
		 * @return the byte count
		 */
		int encodedLength() {
			return this.encoded.length;
		}

	}

}
