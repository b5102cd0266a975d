package io.replication.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Calls made on this instance that wait for their command to be applied here. Whoever
 * removes a call first decides its outcome: the applier, the append's failure, the
 * caller's timeout, or the state stopping.
 *
 * @author replication
 */
public final class PendingInvocations {

	private final Map<UUID, PendingWrite> pending = new ConcurrentHashMap<>();

	PendingWrite register(PendingWrite write) {
		this.pending.put(write.invocationId(), write);
		return write;
	}

	/**
	 * A call's command was applied here at a position, and its outcome is known: its
	 * caller's session reaches the position, then the caller learns the outcome.
	 * @param invocationId the call's invocation id
	 * @param position where the command sits in the log
	 * @param result what the method returned
	 * @param failure what the method threw, or {@code null}
	 */
	void applied(UUID invocationId, Position position, @Nullable Object result, @Nullable Throwable failure) {
		PendingWrite write = this.pending.remove(invocationId);
		if (write != null) {
			write.settle(position, result, failure);
		}
	}

	/**
	 * A call's command was applied here at a position, and its outcome comes later (an
	 * asynchronous method's future): its caller's session reaches the position now.
	 * @param invocationId the call's invocation id
	 * @param position where the command sits in the log
	 */
	void applied(UUID invocationId, Position position) {
		PendingWrite write = this.pending.get(invocationId);
		if (write != null) {
			write.session().written(position);
		}
	}

	void complete(UUID invocationId, @Nullable Object result) {
		PendingWrite write = this.pending.remove(invocationId);
		if (write != null) {
			write.settle(null, result, null);
		}
	}

	/**
	 * Fail a call if it still waits.
	 * @param invocationId the call's invocation id
	 * @param failure what its caller gets
	 */
	void fail(UUID invocationId, Throwable failure) {
		fail(invocationId, (write) -> failure);
	}

	/**
	 * Fail a call if it still waits, with a failure decided only once the call is this
	 * caller's: deciding can withdraw the call's append, which whoever removes the call
	 * first must have done, or another remover would be told it was sent.
	 * @param invocationId the call's invocation id
	 * @param failure what its caller gets, given the call
	 */
	void fail(UUID invocationId, Function<PendingWrite, Throwable> failure) {
		PendingWrite write = this.pending.remove(invocationId);
		if (write != null) {
			write.settle(null, null, failure.apply(write));
		}
	}

	/**
	 * Fail every call still waiting on a state that stopped applying or appending here.
	 * @param state name of the state
	 * @param failure what each call's caller gets, given the call
	 * @return how many calls were failed
	 */
	public int failAll(String state, Function<PendingWrite, Throwable> failure) {
		List<PendingWrite> failed = new ArrayList<>();
		for (PendingWrite write : this.pending.values()) {
			if (write.state().equals(state) && this.pending.remove(write.invocationId(), write)) {
				failed.add(write);
			}
		}
		failed.forEach((write) -> write.settle(null, null, failure.apply(write)));
		return failed.size();
	}

	/**
	 * Fail every call whose caller's deadline has passed.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param failure what each call's caller gets, given the call
	 */
	void expire(long nowNanos, Function<PendingWrite, Throwable> failure) {
		for (PendingWrite write : this.pending.values()) {
			if (nowNanos - write.deadlineNanos() >= 0 && this.pending.remove(write.invocationId(), write)) {
				write.settle(null, null, failure.apply(write));
			}
		}
	}

	/**
	 * The calls waiting on a state.
	 * @param state name of the state
	 * @return the calls, in no order
	 */
	public List<PendingWrite> of(String state) {
		return this.pending.values().stream().filter((write) -> write.state().equals(state)).toList();
	}

	/**
	 * Number of calls waiting for their command to be applied.
	 * @return the count
	 */
	public int size() {
		return this.pending.size();
	}

}
