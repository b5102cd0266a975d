package io.replication.benchmarks;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import io.replication.engine.CommandDefinition;
import io.replication.engine.CommandIntrospector;
import io.replication.engine.JacksonArgumentCodec;
import io.replication.engine.StateDefinition;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.cbor.CBORMapper;
import tools.jackson.dataformat.smile.SmileMapper;

/**
 * The argument codec lever of issue 17: Jackson's binary formats, Smile and CBOR, against
 * the JSON the log holds. Each format encodes and decodes a command's arguments the way
 * the starter's codec does with Jackson (one parser over the array, a reader per
 * parameter type), so what differs is the format alone; the starter's own codec, which
 * reads and writes plain strings itself, is measured beside them. No broker is involved.
 */
final class CodecBenchmark {

	private static final int DISTINCT_ARGUMENTS = 1000;

	private static final int OPERATIONS = 2_000_000;

	private static final int ROUNDS = 5;

	private static final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
		.getThreadMXBean();

	private static volatile Object sink;

	List<Result> run() {
		List<Result> results = new ArrayList<>();
		results.addAll(run("record argument", new ApplyPathBenchmark.TransferCounter(), "transfer",
				ApplyPathBenchmark.Transfer::of));
		results.addAll(run("100-character string argument", new ApplyPathBenchmark.Counter(), "append", Payloads::of));
		// A list is not a plain value: the starter's codec writes and reads it through
		// Jackson, and decodes each write once more before it is appended.
		results.addAll(run("list of one record argument", new TransferBatches(), "transferAll",
				(sequence) -> List.of(ApplyPathBenchmark.Transfer.of(sequence))));
		return results;
	}

	private List<Result> run(String argument, Object state, String commandName, LongFunction<Object> arguments) {
		CommandDefinition command = stateOf(state).command(commandName);
		List<Codec> codecs = List.of(new StarterCodec(command),
				new FormatCodec("JSON", JsonMapper.builder().build(), command),
				new FormatCodec("Smile", SmileMapper.builder().build(), command),
				new FormatCodec("CBOR", CBORMapper.builder().build(), command));
		Map<Codec, List<double[]>> rounds = new LinkedHashMap<>();
		Map<Codec, List<byte[]>> encoded = new LinkedHashMap<>();
		for (Codec codec : codecs) {
			List<byte[]> payloads = new ArrayList<>(DISTINCT_ARGUMENTS);
			for (int i = 0; i < DISTINCT_ARGUMENTS; i++) {
				payloads.add(codec.encode(new Object[] { arguments.apply(i) }));
			}
			encoded.put(codec, payloads);
			rounds.put(codec, new ArrayList<>());
		}
		// The first round warms the JIT up and is not kept; each round starts with the
		// next codec, so that none is always measured right after the same one.
		for (int round = 0; round <= ROUNDS; round++) {
			for (int i = 0; i < codecs.size(); i++) {
				Codec codec = codecs.get((round + i) % codecs.size());
				double[] figures = measure(codec, encoded.get(codec), arguments);
				if (round > 0) {
					rounds.get(codec).add(figures);
				}
			}
		}
		List<Result> results = new ArrayList<>();
		for (Codec codec : codecs) {
			List<double[]> measured = rounds.get(codec);
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("decodeNanosMedian", median(measured, 0));
			figures.put("decodeNanosPerRound", column(measured, 0));
			figures.put("decodeBytesAllocated", Math.round(median(measured, 1)));
			figures.put("encodeNanosMedian", median(measured, 2));
			figures.put("encodeNanosPerRound", column(measured, 2));
			figures.put("encodeBytesAllocated", Math.round(median(measured, 3)));
			figures.put("argumentBytes", encoded.get(codec).get(0).length);
			double nanos = median(measured, 0);
			results.add(Result.rate("codec: decode, " + argument + ", " + codec.name(), 1e9 / nanos, figures));
		}
		return results;
	}

	/**
	 * Decode, then encode, each the same number of times.
	 * @return decode nanoseconds and bytes allocated per operation, then encode's
	 */
	private static double[] measure(Codec codec, List<byte[]> payloads, LongFunction<Object> arguments) {
		Object[][] values = new Object[DISTINCT_ARGUMENTS][];
		for (int i = 0; i < DISTINCT_ARGUMENTS; i++) {
			values[i] = new Object[] { arguments.apply(i) };
		}
		long bytes = threads.getCurrentThreadAllocatedBytes();
		long start = System.nanoTime();
		for (int i = 0; i < OPERATIONS; i++) {
			sink = codec.decode(payloads.get(i % DISTINCT_ARGUMENTS));
		}
		double decodeNanos = (System.nanoTime() - start) / (double) OPERATIONS;
		double decodeBytes = (threads.getCurrentThreadAllocatedBytes() - bytes) / (double) OPERATIONS;
		bytes = threads.getCurrentThreadAllocatedBytes();
		start = System.nanoTime();
		for (int i = 0; i < OPERATIONS; i++) {
			sink = codec.encode(values[i % DISTINCT_ARGUMENTS]);
		}
		double encodeNanos = (System.nanoTime() - start) / (double) OPERATIONS;
		double encodeBytes = (threads.getCurrentThreadAllocatedBytes() - bytes) / (double) OPERATIONS;
		return new double[] { decodeNanos, decodeBytes, encodeNanos, encodeBytes };
	}

	private static double median(List<double[]> rounds, int figure) {
		double[] values = rounds.stream().mapToDouble((round) -> round[figure]).sorted().toArray();
		return values[values.length / 2];
	}

	private static List<Long> column(List<double[]> rounds, int figure) {
		return rounds.stream().map((round) -> Math.round(round[figure])).toList();
	}

	private static StateDefinition stateOf(Object state) {
		return CommandIntrospector.introspect(PayloadLog.STATE, state);
	}

	/**
	 * A state that counts the transfers of its batches and keeps nothing else.
	 */
	@ReplicatedState(PayloadLog.STATE)
	public static class TransferBatches {

		private long count;

		@ReplicatedWrite
		public long transferAll(List<ApplyPathBenchmark.Transfer> transfers) {
			this.count += transfers.size();
			return this.count;
		}

	}

	private interface Codec {

		String name();

		byte[] encode(Object[] arguments);

		Object[] decode(byte[] payload);

	}

	/**
	 * The codec the starter uses: JSON, with plain values read and written without
	 * Jackson.
	 */
	private record StarterCodec(JacksonArgumentCodec codec, CommandDefinition command) implements Codec {

		StarterCodec(CommandDefinition command) {
			this(new JacksonArgumentCodec(JsonMapper.builder().build()), command);
		}

		@Override
		public String name() {
			return "the starter's codec (JSON)";
		}

		@Override
		public byte[] encode(Object[] arguments) {
			return this.codec.encode(this.command, arguments);
		}

		@Override
		public Object[] decode(byte[] payload) {
			return this.codec.decode(this.command, payload);
		}

	}

	/**
	 * A format through Jackson alone, in the shape of the starter's Jackson path.
	 */
	private static final class FormatCodec implements Codec {

		private final String name;

		private final ObjectMapper mapper;

		private final ObjectWriter[] writers;

		private final ObjectReader[] readers;

		FormatCodec(String name, ObjectMapper mapper, CommandDefinition command) {
			this.name = name;
			this.mapper = mapper;
			int parameters = command.parameterTypes().length;
			this.writers = new ObjectWriter[parameters];
			this.readers = new ObjectReader[parameters];
			for (int i = 0; i < parameters; i++) {
				this.writers[i] = mapper.writerFor(mapper.constructType(command.parameterTypes()[i]));
				this.readers[i] = mapper.readerFor(mapper.constructType(command.parameterTypes()[i]))
					.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
			}
		}

		@Override
		public String name() {
			return this.name + " through Jackson";
		}

		@Override
		public byte[] encode(Object[] arguments) {
			ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 32 * arguments.length);
			try (JsonGenerator generator = this.mapper.createGenerator(out)) {
				generator.writeStartArray();
				for (int i = 0; i < arguments.length; i++) {
					this.writers[i].writeValue(generator, arguments[i]);
				}
				generator.writeEndArray();
			}
			return out.toByteArray();
		}

		@Override
		public Object[] decode(byte[] payload) {
			Object[] arguments = new Object[this.readers.length];
			try (JsonParser parser = this.mapper.createParser(payload)) {
				parser.nextToken();
				for (int i = 0; i < arguments.length; i++) {
					parser.nextToken();
					arguments[i] = this.readers[i].readValue(parser);
				}
				parser.nextToken();
			}
			return arguments;
		}

	}

}
