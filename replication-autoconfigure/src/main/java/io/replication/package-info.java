/**
 * Replication of a Spring service's state through Apache Kafka.
 */
@NullMarked
package io.replication;

import org.jspecify.annotations.NullMarked;
