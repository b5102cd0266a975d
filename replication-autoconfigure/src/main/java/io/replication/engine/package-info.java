/**
 * The replication engine: commands, their registry, dispatch and apply. Plain Java,
 * independent of Kafka.
 */
@NullMarked
package io.replication.engine;

import org.jspecify.annotations.NullMarked;
