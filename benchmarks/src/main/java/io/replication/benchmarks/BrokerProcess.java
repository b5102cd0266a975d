package io.replication.benchmarks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.jspecify.annotations.Nullable;

/**
 * One Kafka node (broker and KRaft controller) as a JVM process on 127.0.0.1, started
 * from this harness's own class path, alone or as one of a cluster's nodes. It runs with
 * Kafka's defaults except what the cluster's size needs, plus any settings the run asks
 * for.
 */
final class BrokerProcess implements AutoCloseable {

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private final Map<String, String> settings;

	private final Process process;

	private final @Nullable Process relay;

	private final int port;

	private BrokerProcess(Map<String, String> settings, Process process, @Nullable Process relay, int port) {
		this.settings = settings;
		this.process = process;
		this.relay = relay;
		this.port = port;
	}

	/**
	 * Format a data directory, start the node and wait until it answers.
	 * @param directory where data, settings and the broker's log go
	 * @param extraSettings settings on top of Kafka's defaults
	 * @return the running broker
	 */
	static BrokerProcess start(Path directory, Map<String, String> extraSettings) throws Exception {
		return startCluster(directory, 1, extraSettings, 0).get(0);
	}

	/**
	 * Start nodes that are each a broker and a KRaft controller of one cluster, and wait
	 * until each answers.
	 * @param directory where each node's data, settings and log go, in a directory of its
	 * own
	 * @param nodes how many nodes
	 * @param extraSettings settings of every node, on top of Kafka's defaults
	 * @param networkDelayMicros if positive, each node is reached through a
	 * {@link DelayProxy} that holds bytes this long each way: clients, and the other
	 * nodes replicating from it, connect to the relay's port, which the node advertises
	 * @return the running nodes
	 */
	static List<BrokerProcess> startCluster(Path directory, int nodes, Map<String, String> extraSettings,
			long networkDelayMicros) throws Exception {
		String clusterId = Uuid.randomUuid().toString();
		List<Integer> ports = new ArrayList<>();
		List<String> voters = new ArrayList<>();
		List<Integer> controllerPorts = new ArrayList<>();
		for (int node = 1; node <= nodes; node++) {
			ports.add(freePort());
			int controllerPort = freePort();
			controllerPorts.add(controllerPort);
			voters.add(node + "@127.0.0.1:" + controllerPort);
		}
		// Internal topics cannot have more replicas than there are nodes.
		String internalReplicas = String.valueOf(Math.min(3, nodes));
		String internalMinIsr = String.valueOf(Math.min(2, nodes));
		List<BrokerProcess> started = new ArrayList<>();
		for (int node = 1; node <= nodes; node++) {
			int port = ports.get(node - 1);
			int controllerPort = controllerPorts.get(node - 1);
			Path nodeDirectory = (nodes == 1) ? directory : directory.resolve("node-" + node);
			Map<String, String> settings = new LinkedHashMap<>();
			settings.put("process.roles", "broker,controller");
			settings.put("node.id", String.valueOf(node));
			settings.put("controller.quorum.voters", String.join(",", voters));
			settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
			int advertisedPort = (networkDelayMicros > 0) ? freePort() : port;
			if (networkDelayMicros > 0) {
				settings.put("benchmark.relay",
						"127.0.0.1:" + advertisedPort + " holds bytes " + networkDelayMicros + " µs each way");
			}
			settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + advertisedPort);
			settings.put("controller.listener.names", "CONTROLLER");
			settings.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
			settings.put("log.dirs", nodeDirectory.resolve("data").toAbsolutePath().toString());
			settings.put("offsets.topic.replication.factor", internalReplicas);
			settings.put("transaction.state.log.replication.factor", internalReplicas);
			settings.put("transaction.state.log.min.isr", internalMinIsr);
			settings.put("share.coordinator.state.topic.replication.factor", internalReplicas);
			settings.put("share.coordinator.state.topic.min.isr", internalMinIsr);
			settings.put("group.initial.rebalance.delay.ms", "0");
			settings.putAll(extraSettings);
			Path file = nodeDirectory.resolve("server.properties");
			Files.createDirectories(nodeDirectory);
			Properties properties = new Properties();
			properties.putAll(settings);
			properties.remove("benchmark.relay");
			try (OutputStream out = Files.newOutputStream(file)) {
				properties.store(out, "benchmark broker");
			}
			Path log = nodeDirectory.resolve("broker.log");
			run(List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", file.toString()), log);
			Process process = java(List.of("-Xmx1g", "kafka.Kafka", file.toString()), log).start();
			Process relay = (networkDelayMicros > 0)
					? java(List.of(DelayProxy.class.getName(), String.valueOf(advertisedPort), String.valueOf(port),
							String.valueOf(networkDelayMicros)), nodeDirectory.resolve("relay.log"))
						.start()
					: null;
			started.add(new BrokerProcess(settings, process, relay, advertisedPort));
		}
		try {
			for (BrokerProcess broker : started) {
				broker.awaitReady();
			}
		}
		catch (RuntimeException | InterruptedException ex) {
			// Nothing outlives the harness: stop what started before failing.
			for (BrokerProcess broker : started) {
				broker.close();
			}
			throw ex;
		}
		return started;
	}

	String bootstrapServers() {
		return "127.0.0.1:" + this.port;
	}

	Map<String, String> settings() {
		return this.settings;
	}

	private void awaitReady() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
			while (System.nanoTime() < deadline) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The broker process exited; see its log");
				}
				try {
					admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get();
					return;
				}
				catch (Exception ex) {
					Thread.sleep(200);
				}
			}
		}
		throw new IllegalStateException("The broker did not answer within 60 s");
	}

	/**
	 * The node's process, whose CPU the harness reports.
	 * @return its handle
	 */
	ProcessHandle processHandle() {
		return this.process.toHandle();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
		if (this.relay != null) {
			this.relay.destroyForcibly().waitFor();
		}
	}

	private static void run(List<String> command, Path log) throws IOException, InterruptedException {
		int exit = java(command, log).start().waitFor();
		if (exit != 0) {
			throw new IllegalStateException(command.get(0) + " exited with " + exit + "; see " + log);
		}
	}

	private static ProcessBuilder java(List<String> arguments, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.addAll(arguments);
		return new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
	}

	// Each port once per run: the kernel may offer a port it has just given again, and a
	// node given one port for two listeners does not start.
	private static int freePort() {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = socket.getLocalPort();
				if (handedOut.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
