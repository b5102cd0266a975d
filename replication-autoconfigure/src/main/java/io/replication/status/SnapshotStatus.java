package io.replication.status;

import java.time.Instant;
import java.util.Map;

/**
 * The last snapshot of a state on this instance: the last one it stored, or the one it
 * restored on start.
 *
 * @param position the next offset to apply after it, by partition: it covers every
 * command before
 * @param sizeBytes size of the encoded snapshot
 * @param takenAt when it was taken
 * @param ageMillis how long ago that was
 * @param durationMillis how long taking, encoding and storing it took
 * @param takenBy the instance that took it
 * @param restored whether this instance restored it on start rather than took it
 * @author replication
 */
public record SnapshotStatus(Map<Integer, Long> position, long sizeBytes, Instant takenAt, long ageMillis,
		long durationMillis, String takenBy, boolean restored) {

}
