package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongFunction;
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
 * the work per command; and once with a command whose argument is a record, which Jackson
 * reads and writes (the others take a plain string, which the starter reads itself).
 */
final class ApplyPathBenchmark {

	private static final int DISTINCT_RECORDS = 1000;

	private static final int WARMUP_PASSES = 3;

	private final int commands;

	ApplyPathBenchmark(int commands) {
		this.commands = commands;
	}

	Result keepingNothing() throws Exception {
		return run("state keeps nothing", Counter::new, "append", Payloads::of);
	}

	Result keepingEveryEntry() throws Exception {
		return run("state keeps every entry", PayloadLog::new, "append", Payloads::of);
	}

	Result takingRecords() throws Exception {
		return run("state keeps nothing, record argument", TransferCounter::new, "transfer", Transfer::of);
	}

	private Result run(String name, Supplier<Object> states, String commandName, LongFunction<Object> arguments)
			throws Exception {
		JacksonArgumentCodec codec = new JacksonArgumentCodec(JsonMapper.builder().build());
		CommandApplier applier = new CommandApplier("replayer", codec, new PendingInvocations(),
				ReplicationMetrics.NONE, CommandTracing.NONE);
		// Warm up on states of their own, then measure on a new, empty one.
		for (int i = 0; i < WARMUP_PASSES; i++) {
			applyAll(applier, Commands.of(codec, states.get(), commandName, arguments));
		}
		Commands measured = Commands.of(codec, states.get(), commandName, arguments);
		Allocations allocations = Allocations.start();
		long start = System.nanoTime();
		applyAll(applier, measured);
		double seconds = (System.nanoTime() - start) / 1e9;
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("commands", this.commands);
		figures.put("nanosPerCommand", seconds * 1e9 / this.commands);
		figures.put("bytesAllocatedPerCommand", allocations.allocated() / this.commands);
		figures.put("argumentBytes", measured.records.get(0).arguments().length);
		return Result.rate("starter: apply without Kafka, " + name, this.commands / seconds, figures);
	}

	private void applyAll(CommandApplier applier, Commands commands) {
		long timestamp = System.currentTimeMillis();
		// One run, as the listener applies a poll's records.
		CommandApplier.LastCommand last = new CommandApplier.LastCommand();
		for (int i = 0; i < this.commands; i++) {
			Position position = new Position(PayloadLog.STATE, 0, i);
			applier.apply(commands.state, commands.records.get(i % DISTINCT_RECORDS), position, timestamp, last)
				.deliver();
		}
	}

	/**
	 * A state and records of its append command, made before the clock starts.
	 */
	private record Commands(StateDefinition state, List<CommandRecord> records) {

		static Commands of(JacksonArgumentCodec codec, Object target, String commandName,
				LongFunction<Object> arguments) {
			// Prepared as the starter prepares a state bean.
			StateDefinition state = CommandIntrospector.introspect(PayloadLog.STATE, target);
			CommandDefinition command = state.command(commandName);
			List<CommandRecord> records = new ArrayList<>(DISTINCT_RECORDS);
			for (int i = 0; i < DISTINCT_RECORDS; i++) {
				records.add(new CommandRecord(PayloadLog.STATE, commandName, "writer", UUID.randomUUID(),
						CommandRecord.FORMAT_VERSION, null,
						codec.encode(command, new Object[] { arguments.apply(i) })));
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

	/**
	 * A state that counts its transfers and keeps nothing else.
	 */
	@ReplicatedState(PayloadLog.STATE)
	public static class TransferCounter {

		private long count;

		@ReplicatedWrite
		public long transfer(Transfer transfer) {
			return ++this.count;
		}

	}

	/**
	 * A command's argument of the shape services take: a record of strings and a number,
	 * about as long in JSON as the 100-byte payload.
	 *
	 * @param from the account debited
	 * @param to the account credited
	 * @param amountCents the amount
	 * @param reference the caller's reference
	 */
	public record Transfer(String from, String to, long amountCents, String reference) {

		static Transfer of(long sequence) {
			return new Transfer("account-" + (sequence % 97), "account-" + (sequence % 89), 100 + sequence,
					"ref-" + sequence);
		}

	}

}
