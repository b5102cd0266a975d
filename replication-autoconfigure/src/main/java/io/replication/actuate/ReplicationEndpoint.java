package io.replication.actuate;

import java.util.List;

import io.replication.engine.ReplicationInstance;
import io.replication.engine.Role;
import io.replication.status.ReplicaView;
import io.replication.status.ReplicationStatusSource;
import io.replication.status.StateStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * {@link Endpoint @Endpoint} that shows where each replicated state stands: on this
 * instance, and for one state on every replica Kafka knows of.
 *
 * @author replication
 */
@Endpoint(id = "replication")
public class ReplicationEndpoint {

	private final ReplicationInstance instance;

	private final ReplicationStatusSource replication;

	public ReplicationEndpoint(ReplicationInstance instance, ReplicationStatusSource replication) {
		this.instance = instance;
		this.replication = replication;
	}

	@ReadOperation
	public ReplicationDescriptor replication() {
		return new ReplicationDescriptor(this.instance.id(), this.instance.role(), this.replication.isCaughtUp(),
				this.replication.status());
	}

	/**
	 * One state, with the cluster view.
	 * @param state name of the state
	 * @return the state, or {@code null} when there is no such state
	 */
	@ReadOperation
	public @Nullable StateDescriptor state(@Selector String state) {
		StateStatus local = this.replication.status(state);
		List<ReplicaView> cluster = this.replication.clusterView(state);
		if (local == null || cluster == null) {
			return null;
		}
		return new StateDescriptor(this.instance.id(), this.instance.role(), local, cluster);
	}

	/**
	 * This instance and its states.
	 *
	 * @param instanceId id of this instance
	 * @param role role of this instance
	 * @param caughtUp whether every state has caught up with its log since start
	 * @param states each state on this instance
	 */
	public record ReplicationDescriptor(String instanceId, Role role, boolean caughtUp,
			List<StateStatus> states) implements OperationResponseBody {

	}

	/**
	 * One state on this instance and on every replica Kafka knows of.
	 *
	 * @param instanceId id of this instance
	 * @param role role of this instance
	 * @param local the state on this instance
	 * @param replicas every replica of the state, most caught-up first
	 */
	public record StateDescriptor(String instanceId, Role role, StateStatus local,
			List<ReplicaView> replicas) implements OperationResponseBody {

	}

}
