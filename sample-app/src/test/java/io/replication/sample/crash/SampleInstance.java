package io.replication.sample.crash;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.replication.sample.LedgerClient;
import io.replication.sample.SampleApplication;

import static org.awaitility.Awaitility.await;

/**
 * The sample service as a JVM process of its own, with a fixed port and instance id so
 * that a restart is the same instance.
 */
final class SampleInstance implements AutoCloseable {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String instanceId;

	private final int port;

	private final JavaProcess process;

	private static final List<String> SNAPSHOTS_OFTEN = List.of("replication.snapshot.every-commands=200",
			"replication.snapshot.min-interval=0s", "replication.snapshot.trim-log=true");

	private final LedgerClient client;

	private SampleInstance(String instanceId, int port, JavaProcess process) {
		this.instanceId = instanceId;
		this.port = port;
		this.process = process;
		this.client = new LedgerClient(process.name(), baseUrl());
	}

	/**
	 * Describe an instance; {@link #start()} starts it.
	 * @param instanceId its replication.instance-id
	 * @param name the process's name, unique in the directory
	 * @param bootstrapServers the brokers
	 * @param topicPrefix the test's replication.topic-prefix
	 * @param directory where its log goes
	 * @param properties further properties, as {@code name=value}
	 * @return the instance, not started
	 */
	static SampleInstance of(String instanceId, String name, String bootstrapServers, String topicPrefix,
			Path directory, String... properties) {
		return of(SampleApplication.class, instanceId, name, bootstrapServers, topicPrefix, directory, properties);
	}

	/**
	 * Describe an instance of another application than the sample; {@link #start()}
	 * starts it.
	 * @param application the application's main class
	 * @param instanceId its replication.instance-id
	 * @param name the process's name, unique in the directory
	 * @param bootstrapServers the brokers
	 * @param topicPrefix the test's replication.topic-prefix
	 * @param directory where its log goes
	 * @param properties further properties, as {@code name=value}
	 * @return the instance, not started
	 */
	static SampleInstance of(Class<?> application, String instanceId, String name, String bootstrapServers,
			String topicPrefix, Path directory, String... properties) {
		int port = FreePorts.next();
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
				"--spring.kafka.bootstrap-servers=" + bootstrapServers, "--replication.topic-prefix=" + topicPrefix,
				"--replication.instance-id=" + instanceId, "--logging.config=classpath:process-logback.xml"));
		for (String property : properties) {
			arguments.add("--" + property);
		}
		// The crash suite runs with snapshots taken often and the log trimmed behind
		// them, so every crash also hits a snapshot being taken, stored or restored.
		for (String snapshots : SNAPSHOTS_OFTEN) {
			String key = snapshots.substring(0, snapshots.indexOf('=') + 1);
			if (List.of(properties).stream().noneMatch((property) -> property.startsWith(key))) {
				arguments.add("--" + snapshots);
			}
		}
		JavaProcess process = JavaProcess.of(name, directory, List.of("-Xmx256m"), application.getName(), arguments);
		return new SampleInstance(instanceId, port, process);
	}

	/**
	 * An instance running in a JVM described elsewhere.
	 * @param instanceId its replication.instance-id
	 * @param port its HTTP port on 127.0.0.1
	 * @param process its JVM, not started
	 * @return the instance, not started
	 */
	static SampleInstance of(String instanceId, int port, JavaProcess process) {
		return new SampleInstance(instanceId, port, process);
	}

	/**
	 * Start instances together, then wait until each is ready.
	 * @param instances the instances
	 */
	static void startAll(SampleInstance... instances) {
		for (SampleInstance instance : instances) {
			instance.start();
		}
		for (SampleInstance instance : instances) {
			instance.awaitReady();
		}
	}

	SampleInstance start() {
		this.process.start();
		return this;
	}

	/**
	 * Wait until the instance reports ready, that is, it has replayed its log.
	 * @return this instance
	 */
	SampleInstance awaitReady() {
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.failFast("process exited; see " + this.process.logFile(), () -> !this.process.isAlive())
			.until(() -> status("/actuator/health/readiness") == 200);
		return this;
	}

	/**
	 * Answer the HTTP status of a GET.
	 * @param path the path
	 * @return the status
	 */
	int status(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
			.timeout(Duration.ofSeconds(5))
			.build();
		return http.send(request, BodyHandlers.discarding()).statusCode();
	}

	LedgerClient client() {
		return this.client;
	}

	String instanceId() {
		return this.instanceId;
	}

	void kill() {
		this.process.kill();
	}

	/**
	 * {@code kill}: Spring Boot's graceful shutdown, then the process exits.
	 */
	void stop() {
		this.process.stop();
	}

	void pause() {
		this.process.pause();
	}

	void resume() {
		this.process.resume();
	}

	Path logFile() {
		return this.process.logFile();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	@Override
	public void close() {
		this.process.close();
	}

	@Override
	public String toString() {
		return this.instanceId + " on port " + this.port;
	}

}
