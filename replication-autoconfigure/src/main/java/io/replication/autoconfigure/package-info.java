/**
 * Auto-configuration of replication. Wiring only.
 */
@NullMarked
package io.replication.autoconfigure;

import org.jspecify.annotations.NullMarked;
