package io.replication.sample.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import static org.awaitility.Awaitility.await;

/**
 * A KRaft cluster of broker JVM processes on 127.0.0.1, each node both broker and
 * controller, started from the Kafka jars on this test's class path. Any node can be
 * killed and restarted on its own ports and data.
 */
final class KafkaCluster implements AutoCloseable {

	private final Path directory;

	private final List<Node> nodes = new ArrayList<>();

	private KafkaCluster(Path directory) {
		this.directory = directory;
	}

	/**
	 * Format and start a cluster and wait until every broker has registered.
	 * @param size the number of nodes
	 * @param directory where data and logs go
	 * @return the running cluster
	 */
	static KafkaCluster start(int size, Path directory) {
		List<int[]> ports = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			ports.add(new int[] { FreePorts.next(), FreePorts.next() });
		}
		return start(ports, ports.stream().map((node) -> node[0]).toList(), directory);
	}

	/**
	 * Format and start one node that advertises another port than it listens on: the port
	 * of a proxy in front of it, which every client connection then goes through.
	 * @param port the port the node listens on
	 * @param advertisedPort the port it tells clients to connect to
	 * @param directory where data and logs go
	 * @return the running cluster
	 */
	static KafkaCluster startAdvertising(int port, int advertisedPort, Path directory) {
		return start(List.<int[]>of(new int[] { port, FreePorts.next() }), List.of(advertisedPort), directory);
	}

	private static KafkaCluster start(List<int[]> ports, List<Integer> advertisedPorts, Path directory) {
		int size = ports.size();
		KafkaCluster cluster = new KafkaCluster(directory);
		String voters = "";
		for (int i = 0; i < size; i++) {
			voters += ((i > 0) ? "," : "") + (i + 1) + "@127.0.0.1:" + ports.get(i)[1];
		}
		String clusterId = Uuid.randomUuid().toString();
		for (int i = 0; i < size; i++) {
			Node node = new Node(i + 1, ports.get(i)[0], advertisedPorts.get(i), ports.get(i)[1],
					directory.resolve("kafka-" + (i + 1)));
			Properties settings = node.settings(voters, size);
			node.format(clusterId);
			node.process = JavaProcess.of("kafka-" + node.id, directory,
					List.of("-Xmx512m", "-Dlogback.configurationFile=" + resource("process-logback.xml")),
					"kafka.Kafka", List.of(node.writeSettings(settings).toString()));
			cluster.nodes.add(node);
		}
		cluster.nodes.forEach((node) -> node.process.start());
		cluster.awaitBrokers(size);
		return cluster;
	}

	String bootstrapServers() {
		return this.nodes.stream().map((node) -> "127.0.0.1:" + node.port).collect(Collectors.joining(","));
	}

	/**
	 * {@code kill -9} one node.
	 * @param id the node's id, from 1
	 */
	void kill(int id) {
		node(id).process.kill();
	}

	/**
	 * Start a killed node again, on its ports and data, and wait until it has registered.
	 * @param id the node's id, from 1
	 */
	void restart(int id) {
		node(id).process.start();
		awaitBrokers(this.nodes.size());
	}

	/**
	 * Answer the node leading a partition.
	 * @param topic the topic
	 * @param partition the partition
	 * @return the leader's node id
	 */
	int leaderOf(String topic, int partition) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			return admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get()
				.get(topic)
				.partitions()
				.get(partition)
				.leader()
				.id();
		}
	}

	private Node node(int id) {
		return this.nodes.get(id - 1);
	}

	private void awaitBrokers(int count) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			await().atMost(Duration.ofSeconds(60))
				.ignoreExceptions()
				.until(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
					.nodes()
					.get()
					.size() == count);
		}
	}

	@Override
	public void close() {
		this.nodes.forEach((node) -> node.process.close());
	}

	private static String resource(String name) {
		return Path.of("target", "test-classes", name).toAbsolutePath().toString();
	}

	private static final class Node {

		private final int id;

		private final int port;

		private final int advertisedPort;

		private final int controllerPort;

		private final Path dataDirectory;

		private JavaProcess process;

		Node(int id, int port, int advertisedPort, int controllerPort, Path dataDirectory) {
			this.id = id;
			this.port = port;
			this.advertisedPort = advertisedPort;
			this.controllerPort = controllerPort;
			this.dataDirectory = dataDirectory;
		}

		Properties settings(String voters, int clusterSize) {
			String replicas = Integer.toString(clusterSize);
			String minInSync = Integer.toString(Math.min(2, clusterSize));
			Map<String, String> settings = new LinkedHashMap<>();
			settings.put("process.roles", "broker,controller");
			settings.put("node.id", Integer.toString(this.id));
			settings.put("controller.quorum.voters", voters);
			settings.put("listeners",
					"PLAINTEXT://127.0.0.1:" + this.port + ",CONTROLLER://127.0.0.1:" + this.controllerPort);
			settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + this.advertisedPort);
			settings.put("controller.listener.names", "CONTROLLER");
			settings.put("inter.broker.listener.name", "PLAINTEXT");
			settings.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
			settings.put("log.dirs", this.dataDirectory.toAbsolutePath().toString());
			settings.put("group.initial.rebalance.delay.ms", "0");
			// Notice a dead broker in seconds, not the default 9 s (see KAFKA-HERE.md).
			settings.put("broker.session.timeout.ms", "3000");
			settings.put("broker.heartbeat.interval.ms", "500");
			settings.put("unclean.leader.election.enable", "false");
			settings.put("default.replication.factor", replicas);
			settings.put("offsets.topic.replication.factor", replicas);
			settings.put("transaction.state.log.replication.factor", replicas);
			settings.put("transaction.state.log.min.isr", minInSync);
			settings.put("share.coordinator.state.topic.replication.factor", replicas);
			settings.put("share.coordinator.state.topic.min.isr", minInSync);
			Properties properties = new Properties();
			properties.putAll(settings);
			return properties;
		}

		void format(String clusterId) {
			String directory = this.dataDirectory.toAbsolutePath().toString();
			try {
				Files.createDirectories(this.dataDirectory);
				new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
					.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
					.setClusterId(clusterId)
					.setNodeId(this.id)
					.setControllerListenerName("CONTROLLER")
					.setMetadataLogDirectory(directory)
					.setDirectories(List.of(directory))
					.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
					.run();
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not format " + directory, ex);
			}
		}

		Path writeSettings(Properties settings) {
			Path file = this.dataDirectory.resolveSibling("kafka-" + this.id + ".properties");
			try (OutputStream out = Files.newOutputStream(file)) {
				settings.store(out, "Kafka node " + this.id);
				return file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
