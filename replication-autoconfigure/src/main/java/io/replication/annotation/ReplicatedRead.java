package io.replication.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public method of a {@link ReplicatedState @ReplicatedState} bean as a read that
 * never sees half of a command: reads and applies of the state are ordered by the state's
 * read-write lock, so several reads run at once, and never while a command is applied.
 * <p>
 * With {@link ReadConsistency#LINEARIZABLE} the read first waits until this instance has
 * applied everything committed in the log when it was called
 * ({@code replication.read.timeout} at most, then a
 * {@link io.replication.PositionNotReachedException}).
 * <p>
 * A read must not call a {@link ReplicatedWrite @ReplicatedWrite} method.
 *
 * @author replication
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReplicatedRead {

	/**
	 * How fresh the read's view is.
	 * @return the consistency, {@link ReadConsistency#LOCAL} by default
	 */
	ReadConsistency consistency() default ReadConsistency.LOCAL;

}
