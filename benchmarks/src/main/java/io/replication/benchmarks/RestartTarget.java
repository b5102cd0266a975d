package io.replication.benchmarks;

import java.lang.management.ManagementFactory;

import io.replication.kafka.KafkaReplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * The process the restart measurement starts: an instance of the {@link Balances} service
 * that prints, once it is ready, how long replication took to rebuild the state and how
 * long since the JVM started.
 * <p>
 * Arguments: bootstrap servers, topic prefix, instance id, commands in the log, and
 * {@code true} or {@code false} for snapshots.
 */
public final class RestartTarget {

	static final String READY = "RESTART-READY";

	private RestartTarget() {
	}

	public static void main(String[] arguments) throws Exception {
		long commands = Long.parseLong(arguments[3]);
		StartClock clock = new StartClock();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(BalancesApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((initialized) -> initialized.getBeanFactory().registerSingleton("startClock", clock))
			.properties("spring.kafka.bootstrap-servers=" + arguments[0], "replication.topic-prefix=" + arguments[1],
					"replication.instance-id=" + arguments[2], "replication.snapshot.enabled=" + arguments[4],
					"spring.main.banner-mode=off", "logging.level.root=warn",
					"logging.level.io.replication.kafka.SnapshotRestorer=info")
			.run();
		KafkaReplication replication = context.getBean(KafkaReplication.class);
		while (replication.appliedOffsets(Balances.STATE).getOrDefault(0, 0L) < commands) {
			Thread.sleep(1);
		}
		long applied = System.nanoTime();
		while (!replication.isCaughtUp()) {
			Thread.sleep(1);
		}
		long ready = System.nanoTime();
		long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
		System.out.println(READY + " replicationMillis=" + (applied - clock.started) / 1_000_000 + " readyMillis="
				+ (ready - clock.started) / 1_000_000 + " jvmStartToReadyMillis=" + sinceJvmStart);
		System.out.flush();
		context.close();
	}

	/**
	 * Notes when replication begins: it starts right after this.
	 */
	static final class StartClock implements SmartLifecycle {

		private volatile long started;

		private volatile boolean running;

		@Override
		public void start() {
			this.started = System.nanoTime();
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return SmartLifecycle.DEFAULT_PHASE - 1537;
		}

	}

}
