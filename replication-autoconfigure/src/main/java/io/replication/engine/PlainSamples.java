package io.replication.engine;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
	 * Sample argument lists for parameters of the types that
	 * {@link PlainJsonArguments#of(Type[])} accepts.
	 * @param types the parameter types
	 * @return the samples, or {@code null} if a record cannot be made of its components'
	 * samples
	 */
	static @Nullable List<@Nullable Object[]> of(Type[] types) {
		List<List<@Nullable Object>> values = new ArrayList<>();
		for (Type type : types) {
			List<@Nullable Object> samples = (type instanceof Class<?> cls && cls.isRecord()) ? records(cls)
					: new ArrayList<>(samples(type));
			if (samples == null) {
				return null;
			}
			if (!(type instanceof Class<?> cls && cls.isPrimitive())) {
				samples.add(null);
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

	private static @Nullable List<@Nullable Object> records(Class<?> type) {
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] componentTypes = new Class<?>[components.length];
		List<List<@Nullable Object>> values = new ArrayList<>();
		for (int i = 0; i < components.length; i++) {
			componentTypes[i] = components[i].getType();
			List<@Nullable Object> samples = new ArrayList<>(samples(components[i].getGenericType()));
			if (!componentTypes[i].isPrimitive()) {
				samples.add(null);
			}
			values.add(samples);
		}
		List<@Nullable Object> records = new ArrayList<>();
		try {
			Constructor<?> constructor = type.getDeclaredConstructor(componentTypes);
			constructor.setAccessible(true);
			for (Object[] arguments : combinations(values)) {
				try {
					records.add(constructor.newInstance(arguments));
				}
				catch (ReflectiveOperationException | RuntimeException ex) {
					// A sample the record's own checks refuse: it could not be written.
				}
			}
		}
		catch (NoSuchMethodException | RuntimeException ex) {
			return null;
		}
		return records.isEmpty() ? null : records;
	}

	private static List<Object> samples(Type type) {
		if (type == String.class) {
			return STRINGS;
		}
		if (type == long.class || type == Long.class) {
			return LONGS;
		}
		if (type == int.class || type == Integer.class) {
			return INTS;
		}
		if (type == boolean.class || type == Boolean.class) {
			return BOOLEANS;
		}
		throw new IllegalArgumentException("no plain samples of " + type);
	}

}
