/**
 * Replication over HTTP: the {@code Replication-Position} header of servlet web
 * applications.
 */
@NullMarked
package io.replication.web;

import org.jspecify.annotations.NullMarked;
