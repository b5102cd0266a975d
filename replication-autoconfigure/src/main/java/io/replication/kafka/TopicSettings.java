package io.replication.kafka;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a state's log; {@code null} fields fall back to the defaults.
 *
 * @param partitions number of partitions
 * @param replicationFactor replication factor, {@code null} for the broker's default
 * @param minInsyncReplicas {@code min.insync.replicas}, {@code null} for the broker's
 * default
 * @param writeMode how commands are written
 * @param topology how the instances share the log
 * @param replicas the replica set of the partition-per-replica topology, in partition
 * order
 * @param applyThreads how many threads apply the commands on each instance, each taking a
 * share of the partitions; {@code null} for one per partition
 * @author replication
 */
public record TopicSettings(@Nullable Integer partitions, @Nullable Short replicationFactor,
		@Nullable Integer minInsyncReplicas, @Nullable WriteMode writeMode, @Nullable Topology topology,
		@Nullable List<String> replicas, @Nullable Integer applyThreads) {

	TopicSettings orElse(TopicSettings defaults) {
		return new TopicSettings((this.partitions != null) ? this.partitions : defaults.partitions,
				(this.replicationFactor != null) ? this.replicationFactor : defaults.replicationFactor,
				(this.minInsyncReplicas != null) ? this.minInsyncReplicas : defaults.minInsyncReplicas,
				(this.writeMode != null) ? this.writeMode : defaults.writeMode,
				(this.topology != null) ? this.topology : defaults.topology,
				(this.replicas != null) ? this.replicas : defaults.replicas,
				(this.applyThreads != null) ? this.applyThreads : defaults.applyThreads);
	}

}
