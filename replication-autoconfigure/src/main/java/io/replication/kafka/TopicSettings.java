package io.replication.kafka;

import org.jspecify.annotations.Nullable;

/**
 * Settings of a state's topic; {@code null} fields fall back to the defaults.
 *
 * @param partitions number of partitions
 * @param replicationFactor replication factor, {@code null} for the broker's default
 * @param minInsyncReplicas {@code min.insync.replicas}, {@code null} for the broker's
 * default
 * @author replication
 */
public record TopicSettings(@Nullable Integer partitions, @Nullable Short replicationFactor,
		@Nullable Integer minInsyncReplicas) {

	TopicSettings orElse(TopicSettings defaults) {
		return new TopicSettings((this.partitions != null) ? this.partitions : defaults.partitions,
				(this.replicationFactor != null) ? this.replicationFactor : defaults.replicationFactor,
				(this.minInsyncReplicas != null) ? this.minInsyncReplicas : defaults.minInsyncReplicas);
	}

}
