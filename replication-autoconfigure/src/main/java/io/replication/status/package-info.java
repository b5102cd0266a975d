/**
 * What replication looks like from outside: the status of this instance, of each state,
 * and of every replica of a state. The actuator endpoint, health indicator and meters
 * read it; the Kafka side provides it.
 */
@NullMarked
package io.replication.status;

import org.jspecify.annotations.NullMarked;
