/**
 * A single-node Kafka broker inside the sample application, for trying it without
 * installing Kafka. Not part of the starter.
 */
@NullMarked
package io.replication.sample.broker;

import org.jspecify.annotations.NullMarked;
