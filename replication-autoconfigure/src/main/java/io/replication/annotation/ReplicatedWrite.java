package io.replication.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a public method of a {@link ReplicatedState @ReplicatedState} bean as a command:
 * a call is appended to the log and returns once this instance has applied it, with the
 * method's return value or the exception it threw. A method returning
 * {@link java.util.concurrent.CompletableFuture} returns at once; its future completes
 * when this instance has applied the command.
 * <p>
 * Commands must be deterministic: given the same state and arguments, every instance must
 * reach the same state and outcome.
 *
 * @author replication
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ReplicatedWrite {

	/**
	 * Alias for {@link #name()}.
	 * @return the command's name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Name of the command in the log. Defaults to the method name. Must be unique within
	 * the state, so overloads need explicit names.
	 * @return the command's name
	 */
	@AliasFor("value")
	String name() default "";

	/**
	 * SpEL expression over the arguments ({@code #p0}, {@code #accountId}) whose value
	 * picks the partition of a state with more than one. Commands with equal keys are
	 * applied in the order they were logged.
	 * @return the key expression, or empty for none
	 */
	String key() default "";

}
