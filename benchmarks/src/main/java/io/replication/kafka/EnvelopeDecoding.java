package io.replication.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;

import io.replication.engine.CommandRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * How long the starter takes to read a command envelope out of a consumed record, in the
 * shapes a log takes: one state whose records repeat one command, one whose records take
 * turns between two commands, from one writer or three, and two states read at once on
 * two threads, through one decoder or a decoder each. The decoder is package-private, so
 * this harness class sits in its package. No broker is involved.
 */
public final class EnvelopeDecoding {

	private static final int DISTINCT_RECORDS = 1000;

	private static final int ROUNDS = 5;

	private static long sink;

	private EnvelopeDecoding() {
	}

	/**
	 * Measure each shape for a number of rounds.
	 * @param decodes decodes per thread and round
	 * @return per shape, the median over the rounds of the nanoseconds per decode, and
	 * each round's figures
	 */
	public static Map<String, Object> measure(int decodes) throws Exception {
		CommandRecordCodec encoder = new CommandRecordCodec();
		String[] oneWriter = { "writer" };
		List<ConsumerRecord<String, ByteBuffer>> accounts = records(encoder, "accounts", oneWriter, "deposit");
		List<ConsumerRecord<String, ByteBuffer>> orders = records(encoder, "orders", oneWriter, "place");
		List<ConsumerRecord<String, ByteBuffer>> turns = records(encoder, "accounts", oneWriter, "deposit", "withdraw");
		// Two commands from three active instances: six sets of names in turn.
		List<ConsumerRecord<String, ByteBuffer>> writers = records(encoder, "accounts",
				new String[] { "writer-1", "writer-2", "writer-3" }, "deposit", "withdraw");
		Map<String, List<Double>> rounds = new LinkedHashMap<>();
		for (int round = 0; round < ROUNDS; round++) {
			add(rounds, "oneCommand", decode(new CommandRecordCodec(), accounts, decodes));
			add(rounds, "twoCommandsTakingTurns", decode(new CommandRecordCodec(), turns, decodes));
			add(rounds, "twoCommandsFromThreeWriters", decode(new CommandRecordCodec(), writers, decodes));
			CommandRecordCodec shared = new CommandRecordCodec();
			double[] sharing = onTwoThreads(shared, accounts, shared, orders, decodes);
			add(rounds, "twoStatesOneDecoder", sharing[0]);
			add(rounds, "twoStatesOneDecoderOtherThread", sharing[1]);
			double[] own = onTwoThreads(new CommandRecordCodec(), accounts, new CommandRecordCodec(), orders, decodes);
			add(rounds, "twoStatesADecoderEach", own[0]);
			add(rounds, "twoStatesADecoderEachOtherThread", own[1]);
		}
		Map<String, Object> figures = new LinkedHashMap<>();
		rounds.forEach((shape, nanos) -> figures.put(shape + "MedianNanos", round(median(nanos))));
		rounds.forEach(
				(shape, nanos) -> figures.put(shape + "Nanos", nanos.stream().map(EnvelopeDecoding::round).toList()));
		figures.put("sink", sink & 1);
		return figures;
	}

	private static List<ConsumerRecord<String, ByteBuffer>> records(CommandRecordCodec encoder, String state,
			String[] origins, String... commands) {
		List<ConsumerRecord<String, ByteBuffer>> records = new ArrayList<>(DISTINCT_RECORDS);
		for (int i = 0; i < DISTINCT_RECORDS; i++) {
			String arguments = "[\"" + i + "x".repeat(90) + "\"]";
			CommandRecord command = new CommandRecord(state, commands[i % commands.length],
					origins[(i / commands.length) % origins.length], UUID.randomUUID(), CommandRecord.FORMAT_VERSION,
					null, arguments.getBytes(StandardCharsets.UTF_8));
			byte[] value = encoder.toProducerRecord(state, 0, command).value();
			records.add(new ConsumerRecord<>(state, 0, i, null, ByteBuffer.wrap(value)));
		}
		return records;
	}

	private static double decode(CommandRecordCodec decoder, List<ConsumerRecord<String, ByteBuffer>> records,
			int decodes) {
		long start = System.nanoTime();
		long bytes = 0;
		for (int i = 0; i < decodes; i++) {
			bytes += decoder.fromConsumerRecord(records.get(i % DISTINCT_RECORDS)).arguments().length;
		}
		double nanos = (System.nanoTime() - start) / (double) decodes;
		sink += bytes;
		return nanos;
	}

	// Both threads start together, so they decode at the same time.
	private static double[] onTwoThreads(CommandRecordCodec first,
			List<ConsumerRecord<String, ByteBuffer>> firstRecords, CommandRecordCodec second,
			List<ConsumerRecord<String, ByteBuffer>> secondRecords, int decodes) throws Exception {
		double[] nanos = new double[2];
		CyclicBarrier start = new CyclicBarrier(2);
		Thread other = new Thread(() -> {
			try {
				start.await();
				nanos[1] = decode(second, secondRecords, decodes);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, "envelope-decoding");
		other.start();
		start.await();
		nanos[0] = decode(first, firstRecords, decodes);
		other.join();
		return nanos;
	}

	private static void add(Map<String, List<Double>> rounds, String shape, double nanos) {
		rounds.computeIfAbsent(shape, (key) -> new ArrayList<>()).add(nanos);
	}

	private static double median(List<Double> values) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return sorted[sorted.length / 2];
	}

	private static double round(double nanos) {
		return Math.round(nanos * 10) / 10.0;
	}

}
