package io.replication.engine;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A replicated state: its name, the bean whose methods are applied, and its commands.
 *
 * @param name name of the state, which names its topic
 * @param target the bean on which commands are applied (never a proxy)
 * @param commandsByName commands by their name in the log
 * @param commandsByMethod commands by their method on the target's class
 * @author replication
 */
public record StateDefinition(String name, Object target, Map<String, CommandDefinition> commandsByName,
		Map<Method, CommandDefinition> commandsByMethod) {

	public StateDefinition {
		commandsByName = Collections.unmodifiableMap(new LinkedHashMap<>(commandsByName));
		commandsByMethod = Collections.unmodifiableMap(new LinkedHashMap<>(commandsByMethod));
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
