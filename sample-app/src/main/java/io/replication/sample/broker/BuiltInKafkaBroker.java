package io.replication.sample.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;

/**
 * A single-node KRaft broker on 127.0.0.1 whose log lives in a local directory, so a
 * restart keeps every command. When the port is already taken, another instance of the
 * sample runs the broker and this one joins it. A lock file next to the directory makes
 * instances started at the same moment agree on which one runs it.
 *
 * @author replication
 */
public final class BuiltInKafkaBroker implements DisposableBean {

	private static final Log logger = LogFactory.getLog(BuiltInKafkaBroker.class);

	private static final String HOST = "127.0.0.1";

	// How long to wait for a broker another process is starting on the same directory.
	private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

	private final int port;

	private final @Nullable KafkaRaftServer server;

	// Held while this process runs the broker; closing it releases the lock.
	private final @Nullable FileChannel lock;

	private BuiltInKafkaBroker(int port, @Nullable KafkaRaftServer server, @Nullable FileChannel lock) {
		this.port = port;
		this.server = server;
		this.lock = lock;
	}

	/**
	 * Start a broker on the port, or join the one already listening there.
	 * @param port the client port; the controller listens on the next one
	 * @param dataDirectory where the broker keeps its log
	 * @return the running broker
	 */
	public static BuiltInKafkaBroker startOrJoin(int port, Path dataDirectory) {
		Path lockFile = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".lock");
		long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
		try {
			Files.createDirectories(dataDirectory);
			while (true) {
				if (listening(port)) {
					return join(port);
				}
				// Instances started together must not both run a broker on one directory.
				FileChannel lock = tryLock(lockFile);
				if (lock != null) {
					if (listening(port)) {
						// Started by another process between the two looks.
						lock.close();
						return join(port);
					}
					return startHolding(lock, port, dataDirectory);
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"Another process holds " + lockFile.toAbsolutePath() + " but no broker listens on " + HOST
									+ ":" + port + " after " + STARTUP_WAIT.toSeconds() + "s");
				}
				Thread.sleep(200);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for the built-in Kafka broker", ex);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not use " + dataDirectory.toAbsolutePath()
					+ " for the built-in Kafka broker: " + ex.getMessage(), ex);
		}
	}

	private static BuiltInKafkaBroker startHolding(FileChannel lock, int port, Path dataDirectory) throws IOException {
		try {
			Map<String, String> settings = settings(port, dataDirectory);
			format(settings, dataDirectory);
			Properties properties = new Properties();
			properties.putAll(settings);
			KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
			server.startup();
			logger.info("Started a built-in Kafka broker on " + HOST + ":" + port + " with its log in "
					+ dataDirectory.toAbsolutePath() + " (set spring.kafka.bootstrap-servers to use your own)");
			return new BuiltInKafkaBroker(port, server, lock);
		}
		catch (Exception ex) {
			lock.close();
			throw new IllegalStateException("Could not start the built-in Kafka broker on " + HOST + ":" + port + ": "
					+ ex.getMessage() + "; set spring.kafka.bootstrap-servers to use another broker", ex);
		}
	}

	private static BuiltInKafkaBroker join(int port) {
		logger.info("Joining the built-in Kafka broker already listening on " + HOST + ":" + port);
		return new BuiltInKafkaBroker(port, null, null);
	}

	/**
	 * Lock the file, across processes and within this one.
	 * @return the open channel holding the lock, or {@code null} if another holds it
	 */
	private static @Nullable FileChannel tryLock(Path lockFile) throws IOException {
		FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		try {
			if (channel.tryLock() != null) {
				return channel;
			}
		}
		catch (OverlappingFileLockException ex) {
			// Held by this JVM: another context here is starting the broker.
		}
		channel.close();
		return null;
	}

	public List<String> bootstrapServers() {
		return List.of(HOST + ":" + this.port);
	}

	@Override
	public void destroy() throws IOException {
		if (this.server != null) {
			this.server.shutdown();
			this.server.awaitShutdown();
		}
		if (this.lock != null) {
			this.lock.close();
		}
	}

	private static Map<String, String> settings(int port, Path dataDirectory) {
		int controllerPort = port + 1;
		return Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
				Map.entry("controller.quorum.voters", "1@" + HOST + ":" + controllerPort),
				Map.entry("listeners",
						"PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort),
				Map.entry("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("inter.broker.listener.name", "PLAINTEXT"),
				Map.entry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT"),
				Map.entry("log.dirs", dataDirectory.toAbsolutePath().toString()),
				// One broker: every internal topic has a single replica.
				Map.entry("offsets.topic.replication.factor", "1"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"),
				Map.entry("share.coordinator.state.topic.replication.factor", "1"),
				Map.entry("share.coordinator.state.topic.min.isr", "1"),
				Map.entry("group.initial.rebalance.delay.ms", "0"));
	}

	private static void format(Map<String, String> settings, Path dataDirectory) throws Exception {
		if (Files.exists(dataDirectory.resolve("meta.properties"))) {
			// Formatted by an earlier run: keep its cluster id and its log.
			return;
		}
		String directory = dataDirectory.toAbsolutePath().toString();
		// Its report (every bootstrap record) is noise on a newcomer's console.
		new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
			.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
			.setClusterId(Uuid.randomUuid().toString())
			.setNodeId(Integer.parseInt(settings.get("node.id")))
			.setControllerListenerName(settings.get("controller.listener.names"))
			.setMetadataLogDirectory(directory)
			.setDirectories(List.of(directory))
			.setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
			.run();
		logger.info("Formatted " + directory + " for a new single-node Kafka cluster");
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
