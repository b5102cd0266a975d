package io.replication.engine;

import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The replicated states of this instance. Only commands registered here can ever be
 * invoked from a record.
 *
 * @author replication
 */
public final class StateRegistry {

	// Copy-on-write: states register once at startup, lookups happen on every write.
	private volatile Map<String, StateDefinition> byName = Map.of();

	private volatile Map<Object, StateDefinition> byTarget = new IdentityHashMap<>();

	/**
	 * Register a state.
	 * @param state the state
	 * @throws IllegalStateException if another bean already uses the state's name
	 */
	public synchronized void register(StateDefinition state) {
		StateDefinition existing = this.byName.get(state.name());
		if (existing != null) {
			throw new IllegalStateException("State name '" + state.name() + "' is used by both "
					+ existing.target().getClass().getName() + " and " + state.target().getClass().getName()
					+ ": give one of them another @ReplicatedState(name)");
		}
		Map<String, StateDefinition> names = new TreeMap<>(this.byName);
		names.put(state.name(), state);
		Map<Object, StateDefinition> targets = new IdentityHashMap<>(this.byTarget);
		targets.put(state.target(), state);
		this.byName = names;
		this.byTarget = targets;
	}

	public @Nullable StateDefinition state(String name) {
		return this.byName.get(name);
	}

	/**
	 * The state whose bean is the given object.
	 * @param target a bean, not a proxy
	 * @return the state, or {@code null} if the object is no registered state
	 */
	public @Nullable StateDefinition stateOf(Object target) {
		return this.byTarget.get(target);
	}

	/**
	 * The registered states, ordered by name.
	 * @return the states
	 */
	public Collection<StateDefinition> states() {
		return List.copyOf(this.byName.values());
	}

}
