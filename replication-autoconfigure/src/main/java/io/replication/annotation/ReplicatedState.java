package io.replication.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a bean whose state is replicated: every call to one of its
 * {@link ReplicatedWrite @ReplicatedWrite} methods is appended to the state's Kafka topic
 * and applied, in log order, on every instance.
 *
 * @author replication
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Documented
public @interface ReplicatedState {

	/**
	 * Alias for {@link #name()}.
	 * @return the state's name
	 */
	@AliasFor("name")
	String value() default "";

	/**
	 * Name of the state, which names its topic. Defaults to the bean name. Letters,
	 * digits, '.', '_' and '-' only.
	 * @return the state's name
	 */
	@AliasFor("value")
	String name() default "";

}
