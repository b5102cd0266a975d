/**
 * Proxies {@code @ReplicatedState} beans so that their writes go through the log.
 */
@NullMarked
package io.replication.interception;

import org.jspecify.annotations.NullMarked;
