package io.replication.engine;

/**
 * A record that cannot be applied: it does not decode, names an unknown command, or has a
 * newer format. Such a record halts its state; it is never skipped.
 *
 * @author replication
 */
public class UnreadableCommandException extends RuntimeException {

	public UnreadableCommandException(String message) {
		super(message);
	}

	public UnreadableCommandException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * A record written by a newer version of the starter.
	 * @param format the record's format version
	 * @param newestRead the newest format this instance reads
	 * @return the exception
	 */
	public static UnreadableCommandException newerFormat(int format, int newestRead) {
		return new UnreadableCommandException("record format version " + format + " is newer than this instance reads ("
				+ newestRead + "): upgrade this instance");
	}

}
