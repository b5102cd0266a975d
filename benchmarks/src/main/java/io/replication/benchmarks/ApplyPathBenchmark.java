package io.replication.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import io.replication.engine.CommandApplier;
import io.replication.engine.CommandTracing;
import io.replication.engine.CommandDefinition;
import io.replication.engine.CommandIntrospector;
import io.replication.engine.CommandRecord;
import io.replication.engine.JacksonArgumentCodec;
import io.replication.engine.PendingInvocations;
import io.replication.engine.Position;
import io.replication.engine.ReplicationMetrics;
import io.replication.engine.StateDefinition;
import tools.jackson.databind.json.JsonMapper;

/**
 * The apply path without Kafka: the same {@link CommandApplier} the listener calls
 * (decode the arguments, call the method) on one thread, over commands already read from
 * records. Once with a state that keeps nothing and once with one that keeps every entry,
 * like the replayed state, so the garbage collection of a growing state shows apart from
 * the work per command.
 */
final class ApplyPathBenchmark {

	private static final int DISTINCT_RECORDS = 1000;

	private static final int WARMUP_PASSES = 3;

	private final int commands;

	ApplyPathBenchmark(int commands) {
		this.commands = commands;
	}

	Result keepingNothing() throws Exception {
		return run("state keeps nothing", Counter::new);
	}

	Result keepingEveryEntry() throws Exception {
		return run("state keeps every entry", PayloadLog::new);
	}

	private Result run(String name, Supplier<Object> states) throws Exception {
		JacksonArgumentCodec codec = new JacksonArgumentCodec(JsonMapper.builder().build());
		CommandApplier applier = new CommandApplier("replayer", codec, new PendingInvocations(),
				ReplicationMetrics.NONE, CommandTracing.NONE);
		// Warm up on states of their own, then measure on a new, empty one.
		for (int i = 0; i < WARMUP_PASSES; i++) {
			applyAll(applier, Commands.of(codec, states.get()));
		}
		Commands measured = Commands.of(codec, states.get());
		Allocations allocations = Allocations.start();
		long start = System.nanoTime();
		applyAll(applier, measured);
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("commands", this.commands);
		figures.put("nanosPerCommand", seconds * 1e9 / this.commands);
		figures.put("bytesAllocatedPerCommand", allocations.allocated() / this.commands);
		return Result.rate("starter: apply without Kafka, " + name, this.commands / seconds, figures);
	}

	private void applyAll(CommandApplier applier, Commands commands) {
		Instant timestamp = Instant.now();
		for (int i = 0; i < this.commands; i++) {
			Position position = new Position(PayloadLog.STATE, 0, i);
			applier.apply(commands.state, commands.records.get(i % DISTINCT_RECORDS), position, timestamp).deliver();
		}
	}

	/**
	 * A state and records of its append command, made before the clock starts.
	 */
	private record Commands(StateDefinition state, List<CommandRecord> records) {

		static Commands of(JacksonArgumentCodec codec, Object target) {
			// Prepared as the starter prepares a state bean.
			StateDefinition state = CommandIntrospector.introspect(PayloadLog.STATE, target);
			CommandDefinition command = state.command("append");
			List<CommandRecord> records = new ArrayList<>(DISTINCT_RECORDS);
			for (int i = 0; i < DISTINCT_RECORDS; i++) {
				records.add(new CommandRecord(PayloadLog.STATE, "append", "writer", UUID.randomUUID(),
						CommandRecord.FORMAT_VERSION, null, codec.encode(command, new Object[] { Payloads.of(i) })));
			}
			return new Commands(state, records);
		}

	}

	/**
	 * A state that counts its commands and keeps nothing else.
	 */
	@ReplicatedState(PayloadLog.STATE)
	public static class Counter {

		private long count;

		@ReplicatedWrite
		public long append(String payload) {
			return ++this.count;
		}

	}

}
