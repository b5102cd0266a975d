package io.replication.engine;

import java.lang.reflect.Type;

import io.replication.Snapshottable;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;

/**
 * A state whose bean implements {@link Snapshottable}, with the snapshot type it
 * declares.
 *
 * @param state the state
 * @param snapshotType the type argument of its {@code Snapshottable}
 * @author replication
 */
public record SnapshottableState(StateDefinition state, Type snapshotType) {

	/**
	 * The snapshottable side of a state, if it has one.
	 * @param state a state
	 * @return its snapshottable side, or {@code null} if its bean is not
	 * {@link Snapshottable}
	 * @throws IllegalStateException if the bean does not say what type its snapshots are
	 */
	public static @Nullable SnapshottableState of(StateDefinition state) {
		if (!(state.target() instanceof Snapshottable<?>)) {
			return null;
		}
		ResolvableType snapshot = ResolvableType.forClass(state.target().getClass())
			.as(Snapshottable.class)
			.getGeneric(0);
		if (snapshot.resolve() == null) {
			throw new IllegalStateException("State '" + state.name() + "' (" + state.target().getClass().getName()
					+ ") implements Snapshottable without a snapshot type: declare it, as in "
					+ "'implements Snapshottable<MySnapshot>', so snapshots are read back as that type");
		}
		return new SnapshottableState(state, snapshot.getType());
	}

	/**
	 * Capture the state, on the thread that applies it, between two applies.
	 * @return the snapshot value
	 */
	public Object take() {
		Object snapshot = target().snapshot();
		if (snapshot == null) {
			throw new IllegalStateException(
					"State '" + this.state.name() + "': snapshot() returned null; return the state as it is now");
		}
		return snapshot;
	}

	/**
	 * Replace the state by a snapshot, holding the state's lock so no read sees it half
	 * restored.
	 * @param snapshot a snapshot value
	 */
	public void restore(Object snapshot) {
		StateLock lock = this.state.lock();
		lock.beginApply();
		try {
			target().restore(snapshot);
		}
		finally {
			lock.endApply();
		}
	}

	public String name() {
		return this.state.name();
	}

	@SuppressWarnings("unchecked")
	private Snapshottable<Object> target() {
		return (Snapshottable<Object>) this.state.target();
	}

}
