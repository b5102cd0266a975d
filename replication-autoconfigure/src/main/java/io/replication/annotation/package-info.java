/**
 * Annotations that mark replicated state and its commands.
 */
@NullMarked
package io.replication.annotation;

import org.jspecify.annotations.NullMarked;
