package io.replication.engine;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Calls made on this instance that wait for their command to be applied here.
 *
 * @author replication
 */
public final class PendingInvocations {

	private final Map<UUID, CompletableFuture<@Nullable Object>> pending = new ConcurrentHashMap<>();

	CompletableFuture<@Nullable Object> register(UUID invocationId) {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		this.pending.put(invocationId, future);
		return future;
	}

	void complete(UUID invocationId, @Nullable Object result) {
		CompletableFuture<@Nullable Object> future = this.pending.remove(invocationId);
		if (future != null) {
			future.complete(result);
		}
	}

	void fail(UUID invocationId, Throwable failure) {
		CompletableFuture<@Nullable Object> future = this.pending.remove(invocationId);
		if (future != null) {
			future.completeExceptionally(failure);
		}
	}

	void forget(UUID invocationId) {
		this.pending.remove(invocationId);
	}

	/**
	 * Number of calls waiting for their command to be applied.
	 * @return the count
	 */
	public int size() {
		return this.pending.size();
	}

}
