package io.replication.benchmarks;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The topics raw Kafka's measurements write: new for each, so none reads another's
 * records.
 */
final class BenchmarkTopics {

	private BenchmarkTopics() {
	}

	/**
	 * Create a topic of one partition with the broker's default replication factor.
	 * @param bootstrapServers the broker
	 * @param name the start of its name, made unique
	 * @return the topic's name
	 */
	static String create(String bootstrapServers, String name) throws Exception {
		String topic = name + "-" + UUID.randomUUID().toString().substring(0, 8);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(topic, 1, (short) -1))).all().get();
		}
		return topic;
	}

}
