/**
 * Observability of replication: the {@code replication} actuator endpoint, its health
 * indicator and meters.
 */
@NullMarked
package io.replication.actuate;

import org.jspecify.annotations.NullMarked;
