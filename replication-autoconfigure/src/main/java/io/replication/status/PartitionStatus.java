package io.replication.status;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One partition of a state's log on this instance.
 *
 * @param partition the partition
 * @param appliedOffset offset of the last record applied, -1 when none
 * @param endOffset committed end of the log (read_committed), -1 until known
 * @param lag offsets between this instance's position and the committed end, 0 when
 * caught up (transaction markers count as offsets while records are in flight)
 * @param lastAppliedTimestamp log timestamp of the last record applied
 * @param lagMillis time since the last applied record was logged while behind, 0 when
 * caught up, {@code null} when nothing has been applied
 * @author replication
 */
public record PartitionStatus(int partition, long appliedOffset, long endOffset, long lag,
		@Nullable Instant lastAppliedTimestamp, @Nullable Long lagMillis) {

}
