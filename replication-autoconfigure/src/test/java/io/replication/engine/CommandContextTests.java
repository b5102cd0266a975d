package io.replication.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What a command sees of itself through {@link CommandContext} while it is applied, and
 * what every other moment and thread sees: nothing.
 */
class CommandContextTests {

	private final Witness witness = new Witness();

	private final StateDefinition state = CommandIntrospector.introspect("witness", this.witness);

	private final CommandApplier applier = new CommandApplier("node-1", new JacksonArgumentCodec(JsonMapper.shared()),
			new PendingInvocations(), ReplicationMetrics.NONE, CommandTracing.NONE);

	private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopOtherThread() throws InterruptedException {
		this.otherThread.shutdownNow();
		assertThat(this.otherThread.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void aCommandSeesItsOwnPositionNameAndLogTimestamp() {
		CommandApplier.LastCommand run = new CommandApplier.LastCommand();
		apply(run, "see", 7, Instant.ofEpochMilli(1_000));
		apply(run, "see", 8, Instant.ofEpochMilli(2_000));
		assertThat(this.witness.seen).hasSize(2);
		assertThat(this.witness.seen.get(0).command().name()).isEqualTo("see");
		assertThat(this.witness.seen.get(0).position()).isEqualTo(new Position("witness", 0, 7));
		assertThat(this.witness.seen.get(0).logTimestamp()).isEqualTo(Instant.ofEpochMilli(1_000));
		assertThat(this.witness.seen.get(1).position()).isEqualTo(new Position("witness", 0, 8));
		assertThat(this.witness.timestamps).containsExactly(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000));
	}

	@Test
	void nothingIsBeingAppliedBeforeACommandAfterItOrAfterOneThatThrew() {
		assertNothingApplied();
		CommandApplier.LastCommand run = new CommandApplier.LastCommand();
		apply(run, "see", 1, Instant.ofEpochMilli(1_000));
		assertNothingApplied();
		apply(run, "fail", 2, Instant.ofEpochMilli(2_000));
		assertThat(this.witness.seen).hasSize(2);
		assertNothingApplied();
	}

	@Test
	void aRunContinuedOnAnotherThreadShowsItsCommandsToThatThreadOnly() throws Exception {
		CommandApplier.LastCommand run = new CommandApplier.LastCommand();
		apply(run, "see", 1, Instant.ofEpochMilli(1_000));
		CompletableFuture<Void> seenThere = CompletableFuture.runAsync(() -> {
			apply(run, "see", 2, Instant.ofEpochMilli(2_000));
			assertNothingApplied();
		}, this.otherThread);
		seenThere.get(10, TimeUnit.SECONDS);
		assertThat(this.witness.seen).hasSize(2);
		assertThat(this.witness.seen.get(1).position()).isEqualTo(new Position("witness", 0, 2));
		assertNothingApplied();
	}

	private void apply(CommandApplier.LastCommand run, String command, long offset, Instant timestamp) {
		CommandRecord record = new CommandRecord("witness", command, "node-2", UUID.randomUUID(),
				CommandRecord.FORMAT_VERSION, null, "[]".getBytes(StandardCharsets.UTF_8));
		this.applier.apply(this.state, record, new Position("witness", 0, offset), timestamp.toEpochMilli(), run)
			.deliver();
	}

	private static void assertNothingApplied() {
		assertThat(CommandContext.current()).isEmpty();
		assertThatIllegalStateException().isThrownBy(CommandContext::timestamp);
	}

	@ReplicatedState
	public static class Witness {

		final List<CommandContext> seen = new ArrayList<>();

		final List<Instant> timestamps = new ArrayList<>();

		@ReplicatedWrite
		public void see() {
			this.seen.add(CommandContext.current().orElseThrow());
			this.timestamps.add(CommandContext.timestamp());
		}

		@ReplicatedWrite
		public void fail() {
			this.seen.add(CommandContext.current().orElseThrow());
			throw new IllegalStateException("refused");
		}

	}

}
