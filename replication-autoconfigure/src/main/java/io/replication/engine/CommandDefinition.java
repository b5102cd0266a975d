package io.replication.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * A command of a replicated state: a {@code @ReplicatedWrite} method and its name in the
 * log.
 *
 * @param state name of the state that owns the command
 * @param name name of the command in the log
 * @param method the method applied for the command, declared on the state's class
 * @param key expression picking the record key, or {@code null} for none
 * @param asynchronous whether the method returns a future
 * @author replication
 */
public record CommandDefinition(String state, String name, Method method, @Nullable CommandKey key,
		boolean asynchronous) {

	/**
	 * Generic types of the method's parameters: what a record's arguments bind to.
	 * @return the parameter types
	 */
	public Type[] parameterTypes() {
		return this.method.getGenericParameterTypes();
	}

	/**
	 * Short description for messages: {@code Class.method}.
	 * @return the description
	 */
	public String describe() {
		return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName();
	}

}
