package io.replication.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.replication.status.ReplicaStatus;
import io.replication.status.ReplicationStatusSource;
import io.replication.status.StateHalt;
import io.replication.status.StateStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of replication: DOWN when a state halted or this instance was fenced,
 * OUT_OF_SERVICE while replaying at start or further behind than the lag threshold, UP
 * otherwise.
 *
 * @author replication
 */
public class ReplicationHealthIndicator extends AbstractHealthIndicator {

	private final ReplicationStatusSource replication;

	private final long maxLag;

	public ReplicationHealthIndicator(ReplicationStatusSource replication, long maxLag) {
		super("Replication health check failed");
		this.replication = replication;
		this.maxLag = maxLag;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		List<StateStatus> states = this.replication.status();
		Status status = Status.UP;
		Map<String, Object> details = new LinkedHashMap<>();
		for (StateStatus state : states) {
			status = worse(status, statusOf(state));
			details.put(state.state(), details(state));
		}
		if (!this.replication.isRunning()) {
			status = Status.DOWN;
		}
		builder.status(status).withDetails(details);
	}

	private Status statusOf(StateStatus state) {
		return switch (state.status()) {
			case HALTED, FENCED, STOPPED -> Status.DOWN;
			case REPLAYING -> Status.OUT_OF_SERVICE;
			case LIVE -> (state.lag() > this.maxLag) ? Status.OUT_OF_SERVICE : Status.UP;
		};
	}

	private static Status worse(Status current, Status candidate) {
		List<Status> order = List.of(Status.DOWN, Status.OUT_OF_SERVICE, Status.UP);
		return (order.indexOf(candidate) < order.indexOf(current)) ? candidate : current;
	}

	private static Map<String, Object> details(StateStatus state) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", state.status());
		details.put("lag", state.lag());
		StateHalt halt = state.halt();
		if (halt != null) {
			details.put("haltedAt", halt.position().toString());
			details.put("partition", halt.position().partition());
			details.put("offset", halt.position().offset());
			details.put("reason", halt.reason());
		}
		if (state.fenced() != null) {
			details.put("reason", state.fenced());
		}
		if (state.status() == ReplicaStatus.STOPPED) {
			details.put("reason", "replication is not running");
		}
		return details;
	}

}
