package io.replication.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PartitionRunLock}, with a sibling consumer's assignment on a thread of
 * its own.
 */
class PartitionRunLockTests {

	private final PartitionOwners owners = new PartitionOwners();

	private final Object consumer = new Object();

	private final Object sibling = new Object();

	private final ExecutorService siblingThread = Executors.newSingleThreadExecutor();

	private final AtomicReference<Thread> siblingRunner = new AtomicReference<>();

	@AfterEach
	void stop() {
		this.siblingThread.shutdownNow();
	}

	@Test
	void aRunKeepsAnAssignmentWaitingUntilItIsClosed() throws Exception {
		this.owners.assign(0, this.consumer, () -> {
		});
		PartitionRunLock run = new PartitionRunLock(this.owners, this.consumer);
		assertThat(run.lockIfOwner(0)).isTrue();
		CompletableFuture<Void> assigned = new CompletableFuture<>();
		Future<?> assigning = assignToSibling(0, assigned);
		awaitWaiting();
		assertThat(assigned).isNotDone();
		run.close();
		assigning.get(10, TimeUnit.SECONDS);
		assertThat(assigned).isDone();
		assertThat(new PartitionRunLock(this.owners, this.consumer).lockIfOwner(0)).isFalse();
	}

	@Test
	void aSiblingWaitingForThePartitionGetsItAtTheNextRecordAndTheRunAppliesNoMore() throws Exception {
		this.owners.assign(0, this.consumer, () -> {
		});
		try (PartitionRunLock run = new PartitionRunLock(this.owners, this.consumer)) {
			assertThat(run.lockIfOwner(0)).isTrue();
			assertThat(run.lockIfOwner(0)).isTrue();
			CompletableFuture<Void> assigned = new CompletableFuture<>();
			Future<?> assigning = assignToSibling(0, assigned);
			awaitWaiting();
			// The next record of the same partition: the sibling has it first.
			assertThat(run.lockIfOwner(0)).isFalse();
			assertThat(assigned).isDone();
			assigning.get(10, TimeUnit.SECONDS);
			assertThat(run.lockIfOwner(0)).isFalse();
		}
	}

	@Test
	void movingToAnotherPartitionLetsTheFirstGo() throws Exception {
		this.owners.assign(0, this.consumer, () -> {
		});
		this.owners.assign(1, this.consumer, () -> {
		});
		try (PartitionRunLock run = new PartitionRunLock(this.owners, this.consumer)) {
			assertThat(run.lockIfOwner(0)).isTrue();
			assertThat(run.lockIfOwner(1)).isTrue();
			CompletableFuture<Void> assigned = new CompletableFuture<>();
			assignToSibling(0, assigned).get(10, TimeUnit.SECONDS);
			assertThat(assigned).isDone();
			assertThat(run.lockIfOwner(1)).isTrue();
			assertThat(run.lockIfOwner(0)).isFalse();
		}
	}

	@Test
	void aPartitionAssignedExplicitlyIsAlwaysTheConsumers() {
		try (PartitionRunLock run = new PartitionRunLock(this.owners, this.consumer)) {
			assertThat(run.lockIfOwner(3)).isTrue();
			assertThat(run.lockIfOwner(3)).isTrue();
		}
		try (PartitionRunLock run = new PartitionRunLock(this.owners, this.sibling)) {
			assertThat(run.lockIfOwner(3)).isTrue();
		}
	}

	private Future<?> assignToSibling(int partition, CompletableFuture<Void> assigned) {
		return this.siblingThread.submit(() -> {
			this.siblingRunner.set(Thread.currentThread());
			this.owners.assign(partition, this.sibling, () -> assigned.complete(null));
		});
	}

	private void awaitWaiting() {
		await().atMost(10, TimeUnit.SECONDS).until(() -> {
			Thread runner = this.siblingRunner.get();
			return runner != null && runner.getState() == Thread.State.WAITING;
		});
	}

}
