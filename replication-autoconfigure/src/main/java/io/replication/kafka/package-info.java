/**
 * Kafka side of replication: topics, the group-commit appender and the log consumers.
 */
@NullMarked
package io.replication.kafka;

import org.jspecify.annotations.NullMarked;
