package io.replication.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.replication.testapp.Instances;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provisioning against a real broker: a topic it returns is one Kafka answers for.
 */
class TopicProvisionerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final AtomicBoolean busy = new AtomicBoolean(true);

	private final List<Thread> spinners = new ArrayList<>();

	@AfterEach
	void stopSpinning() throws InterruptedException {
		this.busy.set(false);
		for (Thread spinner : this.spinners) {
			spinner.join();
		}
	}

	@Test
	void everyPartitionOfATopicJustCreatedCanBeAskedForItsOffsetsAtOnce() throws Exception {
		// The broker learns of a new topic a moment after Kafka confirmed its creation,
		// and later on a busy machine: as in a parallel test run, every core is kept
		// busy, and the replica's first question follows the creation at once.
		for (int i = 0; i < Runtime.getRuntime().availableProcessors(); i++) {
			Thread spinner = new Thread(this::spin, "spinner-" + i);
			spinner.setDaemon(true);
			spinner.start();
			this.spinners.add(spinner);
		}
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers()))) {
			TopicProvisioner provisioner = new TopicProvisioner(admin, Instances.bootstrapServers(), TIMEOUT);
			KafkaQueries queries = new KafkaQueries(admin, TIMEOUT);
			List<String> created = new ArrayList<>();
			try {
				for (int i = 0; i < 100; i++) {
					TopicSpec spec = new TopicSpec("counters", "provisioning-" + UUID.randomUUID() + ".counters", 3,
							null, null, false, null);
					created.add(spec.name());
					provisioner.provision(List.of(spec));
					assertThat(queries.logStarts(spec)).containsOnlyKeys(0, 1, 2);
				}
			}
			finally {
				// The broker is shared by the whole test run.
				admin.deleteTopics(created).all().get(30, TimeUnit.SECONDS);
			}
		}
	}

	private void spin() {
		while (this.busy.get()) {
			Thread.onSpinWait();
		}
	}

}
