package io.replication;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.replication.testapp.Counters;
import io.replication.testapp.CountersApplication;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Positions in Java: where a thread's writes reached, and a bounded wait on another
 * instance until it has applied them.
 */
class ReplicationPositionsIntegrationTests {

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void anotherInstanceThatAwaitsTheWritersPositionReadsTheWrite() {
		ConfigurableApplicationContext writer = this.instances.start("a");
		ConfigurableApplicationContext reader = this.instances.start("b");
		Ledger ledger = writer.getBean(Ledger.class);
		ledger.open("alice", 0);
		for (int i = 0; i < 50; i++) {
			ledger.deposit("alice", 1);
		}
		ReplicationPosition written = writer.getBean(ReplicationPositions.class).written();
		assertThat(written.offsets("ledger")).containsKey(0);
		reader.getBean(ReplicationPositions.class).awaitApplied(written, Duration.ofSeconds(10));
		assertThat(reader.getBean(Ledger.class).balances()).containsEntry("alice", 50L);
		assertThat(reader.getBean(ReplicationPositions.class).applied().offsets("ledger").get(0))
			.isGreaterThanOrEqualTo(written.offsets("ledger").get(0));
	}

	@Test
	void appliedCoversEveryCommandAReadCouldSeeInTheMiddleOfABatch() throws Exception {
		ConfigurableApplicationContext writer = this.instances.start(CountersApplication.class, "a");
		ConfigurableApplicationContext reader = this.instances.start(CountersApplication.class, "b");
		Counters written = writer.getBean(Counters.class);
		Counters read = reader.getBean(Counters.class);
		ReplicationPositions readerPositions = reader.getBean(ReplicationPositions.class);
		written.increment("x");
		readerPositions.awaitApplied(writer.getBean(ReplicationPositions.class).written(), Duration.ofSeconds(10));
		// The reader stops on a command; those written meanwhile come in batches of
		// several once it goes on, and it stops again in the middle of one, on z.
		CountDownLatch firstEntered = new CountDownLatch(1);
		CountDownLatch firstRelease = new CountDownLatch(1);
		read.holdNextIncrement("x", firstEntered, firstRelease);
		written.increment("x");
		assertThat(firstEntered.await(20, TimeUnit.SECONDS)).isTrue();
		CountDownLatch secondEntered = new CountDownLatch(1);
		CountDownLatch secondRelease = new CountDownLatch(1);
		read.holdNextIncrement("z", secondEntered, secondRelease);
		for (int i = 0; i < 3; i++) {
			written.increment("y");
		}
		ReplicationPosition afterTheYs = writer.getBean(ReplicationPositions.class).written();
		written.increment("z");
		written.increment("y");
		firstRelease.countDown();
		try {
			assertThat(secondEntered.await(20, TimeUnit.SECONDS)).isTrue();
			// A read sees the three y's: the position read after it must cover them, or
			// a client echoing it to another instance could read fewer there.
			assertThat(read.counts()).containsEntry("y", 3L);
			assertThat(readerPositions.applied().offsets("counters").get(0))
				.isGreaterThanOrEqualTo(afterTheYs.offsets("counters").get(0));
		}
		finally {
			secondRelease.countDown();
		}
	}

	@Test
	void eachThreadHasTheWritesItMade() throws Exception {
		ConfigurableApplicationContext writer = this.instances.start("a");
		Ledger ledger = writer.getBean(Ledger.class);
		ReplicationPositions positions = writer.getBean(ReplicationPositions.class);
		ledger.open("alice", 0);
		ReplicationPosition mine = positions.written();
		ExecutorService fresh = Executors.newSingleThreadExecutor();
		try {
			assertThat(fresh.submit(positions::written).get().isEmpty()).isTrue();
		}
		finally {
			fresh.shutdown();
		}
		assertThat(mine.offsets("ledger")).isNotEmpty();
	}

	@Test
	void asynchronousWriteGivesItsPosition() {
		ConfigurableApplicationContext writer = this.instances.start("a");
		Ledger ledger = writer.getBean(Ledger.class);
		ledger.open("alice", 0);
		CompletableFuture<Long> deposit = ledger.depositLater("alice", 5);
		ReplicationPosition position = writer.getBean(ReplicationPositions.class).positionOf(deposit).join();
		assertThat(deposit.join()).isEqualTo(5);
		// open is offset 0, the deposit offset 1: the position is the next offset.
		assertThat(position.toHeader()).isEqualTo("ledger:0=2");
		assertThatIllegalArgumentException().isThrownBy(
				() -> writer.getBean(ReplicationPositions.class).positionOf(deposit.thenApply((balance) -> balance)));
	}

	@Test
	void positionNotAppliedInTimeFailsNamingTheStateAndHowFarBehind() {
		ConfigurableApplicationContext instance = this.instances.start("a");
		instance.getBean(Ledger.class).open("alice", 0);
		ReplicationPositions positions = instance.getBean(ReplicationPositions.class);
		assertThatExceptionOfType(PositionNotReachedException.class)
			.isThrownBy(
					() -> positions.awaitApplied(ReplicationPosition.parse("ledger:0=1000"), Duration.ofMillis(200)))
			.satisfies((ex) -> {
				assertThat(ex.getState()).isEqualTo("ledger");
				assertThat(ex.getRecordsBehind()).isEqualTo(999);
				assertThat(ex).hasMessageContaining("had not applied ledger:0=1000 within PT0.2S");
			});
		assertThatIllegalArgumentException()
			.isThrownBy(() -> positions.awaitApplied(ReplicationPosition.parse("orders:0=1"), Duration.ofMillis(200)))
			.withMessageContaining("has no state 'orders'");
	}

	@Test
	void committedEndIsWhatKafkaHasCommitted() {
		ConfigurableApplicationContext instance = this.instances.start("a");
		Ledger ledger = instance.getBean(Ledger.class);
		ledger.open("alice", 0);
		ledger.deposit("alice", 1);
		assertThat(instance.getBean(ReplicationPositions.class).committedEnd("ledger").toHeader())
			.isEqualTo("ledger:0=2");
	}

}
