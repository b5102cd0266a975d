package io.replication.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * Deletes the log records that every replica's snapshots cover (opt-in), up to the older
 * of each replica's two newest snapshots. Each replica can then still go on from where it
 * stands, or restart from its own snapshot, and a new replica starts from the newest
 * snapshot. A replica is a consumer group of the state that Kafka knows, running or not:
 * one without a snapshot holds trimming back, as does a replica gone for good until its
 * group is deleted or expires.
 *
 * @author replication
 */
final class LogTrimmer {

	private static final Log logger = LogFactory.getLog(LogTrimmer.class);

	private final TopicSpec topic;

	private final SnapshotStore store;

	private final KafkaQueries kafka;

	private final Supplier<List<String>> replicas;

	/**
	 * Create a trimmer.
	 * @param topic the state's log
	 * @param store its snapshots
	 * @param kafka asks Kafka
	 * @param replicas the instance ids of the state's replicas
	 */
	LogTrimmer(TopicSpec topic, SnapshotStore store, KafkaQueries kafka, Supplier<List<String>> replicas) {
		this.topic = topic;
		this.store = store;
		this.kafka = kafka;
		this.replicas = replicas;
	}

	/**
	 * Delete what every replica's snapshot covers, if anything.
	 * @return the offsets the log now starts at, by partition; empty if nothing was
	 * deleted
	 */
	Map<Integer, Long> trim() {
		List<String> replicas = this.replicas.get();
		Map<String, List<SnapshotManifest>> byReplica = new HashMap<>();
		for (SnapshotStore.StoredManifest stored : this.store.manifests()) {
			SnapshotManifest manifest = stored.manifest();
			if (manifest != null && manifest.state().equals(this.topic.state())) {
				byReplica.computeIfAbsent(manifest.instanceId(), (id) -> new ArrayList<>()).add(manifest);
			}
		}
		// Each replica's older snapshot of its two: an instance starting meanwhile from
		// the newest ones has a snapshot interval to read on from there.
		Map<String, SnapshotManifest> previous = new HashMap<>();
		byReplica.forEach((replica, manifests) -> {
			if (manifests.size() >= 2) {
				previous.put(replica,
						manifests.stream().min(Comparator.comparingLong(SnapshotManifest::covered)).orElseThrow());
			}
		});
		List<String> without = replicas.stream().filter((replica) -> !previous.containsKey(replica)).toList();
		if (replicas.isEmpty() || !without.isEmpty()) {
			logger.debug("Log of state '" + this.topic.state() + "' not trimmed: replica(s) " + without
					+ " have fewer than two snapshots");
			return Map.of();
		}
		Map<TopicPartition, RecordsToDelete> deletions = new HashMap<>();
		Map<Integer, Long> starts = new HashMap<>();
		for (int partition = 0; partition < this.topic.partitions(); partition++) {
			long covered = Long.MAX_VALUE;
			for (String replica : replicas) {
				covered = Math.min(covered, previous.get(replica).position().getOrDefault(partition, 0L));
			}
			if (covered > 0) {
				deletions.put(new TopicPartition(this.topic.name(), partition), RecordsToDelete.beforeOffset(covered));
				starts.put(partition, covered);
			}
		}
		if (deletions.isEmpty()) {
			return Map.of();
		}
		this.kafka.await(this.kafka.admin().deleteRecords(deletions).all());
		logger.info("Deleted the records of '" + this.topic.name() + "' before " + starts
				+ ": the snapshots of every replica " + replicas + " cover them");
		return starts;
	}

}
