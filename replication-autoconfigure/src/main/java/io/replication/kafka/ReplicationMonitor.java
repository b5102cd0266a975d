package io.replication.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.replication.status.PartitionStatus;
import io.replication.status.ReplicaStatus;
import io.replication.status.SnapshotStatus;
import io.replication.status.StateStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps track of where each state stands against the committed end of its log: reads the
 * end offsets every interval (every 50 ms while a state is still rebuilding), notices
 * when every state has caught up with the end of the log seen at start, and answers this
 * instance's status of each state from them. The other replicas are the
 * {@link ClusterView}'s.
 *
 * @author replication
 */
final class ReplicationMonitor {

	private static final Log logger = LogFactory.getLog(ReplicationMonitor.class);

	private static final Duration CATCHING_UP_INTERVAL = Duration.ofMillis(50);

	private final KafkaQueries kafka;

	private final Map<String, StateReplica> replicas;

	private final Duration interval;

	private final Runnable onCaughtUp;

	private final ScheduledExecutorService executor;

	private final Map<String, Map<Integer, Long>> endAtStart = new ConcurrentHashMap<>();

	private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean allCaughtUp = new AtomicBoolean();

	private volatile Map<String, Map<Integer, Long>> endOffsets = Map.of();

	ReplicationMonitor(KafkaQueries kafka, Map<String, StateReplica> replicas, Duration interval, Runnable onCaughtUp) {
		this.kafka = kafka;
		this.replicas = replicas;
		this.interval = interval;
		this.onCaughtUp = onCaughtUp;
		this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replication-monitor");
			thread.setDaemon(true);
			return thread;
		});
	}

	void start() {
		this.executor.execute(this::tick);
	}

	// Until every state has caught up, the end is checked often, so that an instance is
	// ready as soon as it has rebuilt its state rather than up to an interval later.
	private void tick() {
		refreshQuietly();
		long delay = replaying() ? Math.min(this.interval.toMillis(), CATCHING_UP_INTERVAL.toMillis())
				: this.interval.toMillis();
		try {
			this.executor.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Stopped.
		}
	}

	void stop() {
		this.executor.shutdownNow();
	}

	// A halted or fenced state does not catch up: no reason to ask more often for it.
	private boolean replaying() {
		return this.replicas.values()
			.stream()
			.anyMatch((replica) -> !caughtUp(replica.state().name()) && replica.halt() == null
					&& replica.appender().fenced() == null);
	}

	boolean caughtUp(String state) {
		return this.caughtUp.contains(state);
	}

	boolean allCaughtUp() {
		return this.allCaughtUp.get();
	}

	private void refreshQuietly() {
		try {
			refresh();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the end of the states' logs: " + ex);
		}
	}

	private void refresh() {
		Map<String, Map<Integer, Long>> ends = new HashMap<>();
		for (StateReplica replica : this.replicas.values()) {
			String state = replica.state().name();
			Map<Integer, Long> end = this.kafka.committedEnds(replica.topic());
			ends.put(state, end);
			Map<Integer, Long> atStart = this.endAtStart.computeIfAbsent(state, (name) -> end);
			if (!this.caughtUp.contains(state) && replica.appender().ready() && !replica.joining()
					&& reached(replica.listener().positions(), atStart)) {
				this.caughtUp.add(state);
				logger.info("State '" + state + "' caught up with the end of its log at start " + atStart
						+ " and takes writes: it is live");
			}
		}
		this.endOffsets = ends;
		if (this.caughtUp.size() == this.replicas.size() && this.allCaughtUp.compareAndSet(false, true)) {
			this.onCaughtUp.run();
		}
	}

	private static boolean reached(Map<Integer, Long> positions, Map<Integer, Long> targets) {
		return targets.entrySet()
			.stream()
			.allMatch((target) -> target.getValue() == 0
					|| positions.getOrDefault(target.getKey(), 0L) >= target.getValue());
	}

	StateStatus status(StateReplica replica, boolean running) {
		String state = replica.state().name();
		StateLogListener listener = replica.listener();
		Map<Integer, Long> end = this.endOffsets.getOrDefault(state, Map.of());
		Map<Integer, AppliedPosition> applied = listener.applied();
		Map<Integer, Long> positions = listener.positions();
		long now = System.currentTimeMillis();
		List<PartitionStatus> partitions = new ArrayList<>();
		for (int partition : replica.topic().readPartitions()) {
			AppliedPosition position = applied.get(partition);
			long endOffset = end.getOrDefault(partition, -1L);
			long read = positions.getOrDefault(partition, (position != null) ? position.nextOffset() : 0L);
			long lag = (endOffset >= 0) ? Math.max(0, endOffset - read) : 0;
			Instant timestamp = (position != null) ? Instant.ofEpochMilli(position.timestamp()) : null;
			Long lagMillis = (lag == 0) ? Long.valueOf(0)
					: (position != null) ? Math.max(0, now - position.timestamp()) : null;
			partitions.add(new PartitionStatus(partition, (position != null) ? position.nextOffset() - 1 : -1,
					endOffset, lag, timestamp, lagMillis));
		}
		GroupCommitAppender appender = replica.appender();
		return new StateStatus(state, replica.topic().name(), replica.groupId(), replica.assignedPartitions(),
				statusOf(replica, running), replica.halt(), appender.fenced(), partitions, appender.queued(),
				appender.lastBatchSize(), snapshotOf(replica, now), topologyOf(replica.topic()),
				replicaPartitionsOf(replica.topic()));
	}

	private static String topologyOf(TopicSpec topic) {
		return topic.partitionPerReplica() ? "partition-per-replica" : "shared";
	}

	private static Map<String, Integer> replicaPartitionsOf(TopicSpec topic) {
		Map<String, Integer> partitions = new LinkedHashMap<>();
		ReplicaPartitions replicas = topic.replicaPartitions();
		if (replicas != null) {
			for (int partition = 0; partition < replicas.size(); partition++) {
				partitions.put(replicas.replicas().get(partition), partition);
			}
		}
		return partitions;
	}

	private static @Nullable SnapshotStatus snapshotOf(StateReplica replica, long now) {
		StateSnapshots snapshots = replica.snapshots();
		SnapshotManifest last = (snapshots != null) ? snapshots.last() : null;
		if (last == null) {
			return null;
		}
		return new SnapshotStatus(new TreeMap<>(last.position()), last.size(), Instant.ofEpochMilli(last.takenAt()),
				Math.max(0, now - last.takenAt()), last.durationMillis(), last.instanceId(), snapshots.restoredLast());
	}

	private ReplicaStatus statusOf(StateReplica replica, boolean running) {
		if (!running) {
			return ReplicaStatus.STOPPED;
		}
		if (replica.appender().fenced() != null) {
			return ReplicaStatus.FENCED;
		}
		if (replica.halt() != null) {
			return ReplicaStatus.HALTED;
		}
		return caughtUp(replica.state().name()) ? ReplicaStatus.LIVE : ReplicaStatus.REPLAYING;
	}

}
