package io.replication.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.replication.engine.PlainValue.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Argument lists that try a {@link PlainJsonArguments} codec against the mapper's own
 * rules before it is used: every parameter in turn takes each sample value of its type
 * (edges, spacing, case, non-ASCII text, nulls where allowed) while the others keep their
 * first one. A record parameter takes records made the same way from its components'
 * samples, and {@code null}.
 *
 * @author replication
 */
final class PlainSamples {

	private static final List<Object> STRINGS = List.of("plain", "", " Mixed Case, with spaces ", "0123", "null",
			"true", "d\u00e9j\u00e0 \u20ac \u4e2d", "\u007f~");

	private static final List<Object> LONGS = List.of(0L, 1L, -1L, 123456789012345678L, Long.MAX_VALUE, Long.MIN_VALUE);

	private static final List<Object> INTS = List.of(0, 1, -7, Integer.MAX_VALUE, Integer.MIN_VALUE);

	private static final List<Object> BOOLEANS = List.of(true, false);

	private PlainSamples() {
	}

	/**
	 * Sample argument lists for the parameters of a plain codec.
	 * @param plain the codec
	 * @return the samples, or {@code null} if a record cannot be made of its components'
	 * samples
	 */
	static @Nullable List<@Nullable Object[]> of(PlainJsonArguments plain) {
		List<List<@Nullable Object>> values = new ArrayList<>();
		for (Kind kind : plain.kinds()) {
			List<@Nullable Object> samples = samples(kind);
			if (samples == null) {
				return null;
			}
			values.add(samples);
		}
		return combinations(values);
	}

	// Every value of each in turn, while the others keep their first value.
	private static List<@Nullable Object[]> combinations(List<List<@Nullable Object>> values) {
		List<@Nullable Object[]> lists = new ArrayList<>();
		@Nullable Object[] firsts = values.stream().map((samples) -> samples.get(0)).toArray();
		lists.add(firsts);
		for (int i = 0; i < values.size(); i++) {
			for (Object value : values.get(i)) {
				@Nullable Object[] list = Arrays.copyOf(firsts, firsts.length);
				list[i] = value;
				lists.add(list);
			}
		}
		return lists;
	}

	// A kind's samples, and null where it takes null.
	private static @Nullable List<@Nullable Object> samples(Kind kind) {
		List<@Nullable Object> samples = new ArrayList<>();
		switch (kind.type()) {
			case STRING -> samples.addAll(STRINGS);
			case INTEGER -> samples.addAll((kind.javaType() == Long.class) ? LONGS : INTS);
			case BOOLEAN -> samples.addAll(BOOLEANS);
			case RECORD -> {
				List<@Nullable Object> records = records(kind.record());
				if (records == null) {
					return null;
				}
				samples.addAll(records);
			}
		}
		if (!kind.primitive()) {
			samples.add(null);
		}
		return samples;
	}

	private static @Nullable List<@Nullable Object> records(PlainRecord record) {
		List<List<@Nullable Object>> values = new ArrayList<>();
		for (Kind component : record.kinds()) {
			values.add(samples(component));
		}
		List<@Nullable Object> records = new ArrayList<>();
		for (Object[] components : combinations(values)) {
			// A sample the record's own checks refuse could not be written: left out.
			Object sample = record.create(components);
			if (sample != null) {
				records.add(sample);
			}
		}
		return records.isEmpty() ? null : records;
	}

}
