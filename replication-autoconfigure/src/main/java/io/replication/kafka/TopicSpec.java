package io.replication.kafka;

import org.jspecify.annotations.Nullable;

/**
 * The topic a state needs.
 *
 * @param state name of the state
 * @param name name of the topic
 * @param partitions number of partitions
 * @param replicationFactor replication factor, {@code null} for the broker's default
 * @param minInsyncReplicas {@code min.insync.replicas}, {@code null} for the broker's
 * default
 * @author replication
 */
record TopicSpec(String state, String name, int partitions, @Nullable Short replicationFactor,
		@Nullable Integer minInsyncReplicas) {

}
