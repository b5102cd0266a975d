package io.replication.engine;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.replication.annotation.ReadConsistency;
import org.jspecify.annotations.Nullable;

/**
 * A replicated state: its name, the bean whose methods are applied, and its commands.
 *
 * @param name name of the state, which names its topic
 * @param target the bean on which commands are applied (never a proxy)
 * @param commandsByName commands by their name in the log
 * @param commandsByMethod commands by their method on the target's class
 * @param reads the {@code @ReplicatedRead} methods on the target's class, with their
 * consistency
 * @param lock orders the reads against the applies
 * @author replication
 */
public record StateDefinition(String name, Object target, Map<String, CommandDefinition> commandsByName,
		Map<Method, CommandDefinition> commandsByMethod, Map<Method, ReadConsistency> reads, StateLock lock) {

	public StateDefinition {
		commandsByName = Collections.unmodifiableMap(new LinkedHashMap<>(commandsByName));
		commandsByMethod = Collections.unmodifiableMap(new LinkedHashMap<>(commandsByMethod));
		reads = Collections.unmodifiableMap(new LinkedHashMap<>(reads));
	}

	/**
	 * A state without {@code @ReplicatedRead} methods.
	 * @param name name of the state
	 * @param target the bean on which commands are applied
	 * @param commandsByName commands by their name in the log
	 * @param commandsByMethod commands by their method
	 */
	public StateDefinition(String name, Object target, Map<String, CommandDefinition> commandsByName,
			Map<Method, CommandDefinition> commandsByMethod) {
		this(name, target, commandsByName, commandsByMethod, Map.of(), StateLock.NONE);
	}

	/**
	 * The consistency of a read method.
	 * @param method a method of the target's class
	 * @return its consistency, or {@code null} if it is no {@code @ReplicatedRead}
	 */
	public @Nullable ReadConsistency read(Method method) {
		return this.reads.get(method);
	}

	public @Nullable CommandDefinition command(String name) {
		return this.commandsByName.get(name);
	}

	public @Nullable CommandDefinition command(Method method) {
		return this.commandsByMethod.get(method);
	}

	public Collection<CommandDefinition> commands() {
		return this.commandsByName.values();
	}

}
