package io.replication.benchmarks;

/**
 * The 100-byte records and arguments every measurement writes.
 */
final class Payloads {

	static final int SIZE = 100;

	private Payloads() {
	}

	/**
	 * A 100-character ASCII string (100 bytes in UTF-8) that differs per sequence number.
	 * @param sequence a number to make the payload unique
	 * @return the payload
	 */
	static String of(long sequence) {
		String prefix = Long.toString(sequence);
		return prefix + "x".repeat(SIZE - prefix.length());
	}

}
