package io.replication.sample.crash;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.replication.sample.LedgerClient;
import io.replication.sample.crash.BankLoad.Write;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guarantee: of two processes started with one instance id (split brain), the older is
 * fenced: it refuses writes and reports DOWN, and no write is applied on some instances
 * and not on others.
 */
@Tag("crash")
class DuplicateInstanceIdTests {

	private static final String BROKERS = System.getProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	Path directory;

	@Test
	void olderProcessWithTheSameInstanceIdIsFencedAndEveryWriteIsAppliedEverywhereOrNowhere() throws Exception {
		String prefix = "duplicate-id-" + System.nanoTime() + ".";
		try (SampleInstance older = SampleInstance.of("node-1", "node-1-older", BROKERS, prefix, this.directory);
				SampleInstance other = SampleInstance.of("node-2", "node-2", BROKERS, prefix, this.directory);
				SampleInstance newer = SampleInstance.of("node-1", "node-1-newer", BROKERS, prefix, this.directory)) {
			SampleInstance.startAll(older, other);
			Bank bank = Bank.open(List.of(older.client(), other.client()), 6);
			BankLoad load = bank.load();
			load.start(older.client(), 2);
			load.start(other.client(), 2);
			load.awaitMore(150, Write::acknowledged);

			long started = System.nanoTime();
			newer.start().awaitReady();
			await().atMost(Duration.ofSeconds(60)).until(() -> older.status("/actuator/health") == 503);
			Duration fenced = Duration.ofNanos(System.nanoTime() - started);
			assertThat(older.client().deposit("account-0", 1)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			load.start(newer.client(), 2);
			load.awaitMore(150, (write) -> write.acknowledged() && write.instance().equals("node-1-newer"));
			List<Write> writes = load.stop();

			List<LedgerClient> live = List.of(other.client(), newer.client());
			BankAudit audit = bank.audit();
			audit.awaitConvergence(live);
			audit.assertExact("duplicate instance id", live, writes);
			long refusedOnOlder = writes.stream()
				.filter((write) -> write.instance().equals("node-1-older") && !write.acknowledged())
				.count();
			CrashReport.print("duplicate instance id", "older process DOWN " + fenced.toMillis()
					+ " ms after the newer one started; writes it refused: " + refusedOnOlder);
		}
	}

}
