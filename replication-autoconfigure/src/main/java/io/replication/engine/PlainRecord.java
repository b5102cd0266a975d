package io.replication.engine;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.replication.engine.PlainValue.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads a record whose components are all plain values (strings, integers,
 * booleans, boxed or not) as the JSON object Jackson writes for it:
 * {@code {"from":"alice","amountCents":12}}, components in declaration order, no spacing.
 * Records that carry a Jackson annotation anywhere, or are generic, are left to Jackson,
 * and so is every object this does not read exactly (another order, a missing or extra
 * property, spacing): Jackson then reads the whole argument array with its own rules.
 * <p>
 * The record is built through its canonical constructor, as Jackson builds it, so a
 * compact constructor's checks still run; if it throws, the record is left to Jackson,
 * which fails the same way it always did.
 *
 * @author replication
 */
final class PlainRecord {

	private final Constructor<?> constructor;

	private final Method[] accessors;

	private final Kind[] kinds;

	// Each component's name as Jackson writes it, quoted and followed by ':'.
	private final byte[][] names;

	private PlainRecord(Constructor<?> constructor, Method[] accessors, Kind[] kinds, byte[][] names) {
		this.constructor = constructor;
		this.accessors = accessors;
		this.kinds = kinds;
		this.names = names;
	}

	/**
	 * How a record of plain values is written and read.
	 * @param type a class
	 * @return the record's codec, or {@code null} if the class is not such a record, or
	 * Jackson may treat it its own way
	 */
	static @Nullable PlainRecord of(Class<?> type) {
		if (!type.isRecord() || type.getTypeParameters().length > 0 || JacksonAnnotations.anywhereOn(type)) {
			return null;
		}
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] types = new Class<?>[components.length];
		Method[] accessors = new Method[components.length];
		Kind[] kinds = new Kind[components.length];
		byte[][] names = new byte[components.length][];
		for (int i = 0; i < components.length; i++) {
			kinds[i] = Kind.scalar(components[i].getGenericType());
			if (kinds[i] == null) {
				return null;
			}
			types[i] = components[i].getType();
			accessors[i] = components[i].getAccessor();
			names[i] = ('"' + components[i].getName() + "\":").getBytes(StandardCharsets.UTF_8);
		}
		try {
			Constructor<?> constructor = type.getDeclaredConstructor(types);
			constructor.setAccessible(true);
			for (Method accessor : accessors) {
				accessor.setAccessible(true);
			}
			return new PlainRecord(constructor, accessors, kinds, names);
		}
		catch (NoSuchMethodException | RuntimeException ex) {
			// Not open to this module: Jackson finds its own way in, or says why not.
			return null;
		}
	}

	/**
	 * Write a record as a JSON object.
	 * @param record the record
	 * @return the JSON, or {@code null} if a component is not plain
	 */
	byte @Nullable [] encode(Object record) {
		@Nullable Object[] values = new Object[this.kinds.length];
		for (int i = 0; i < this.kinds.length; i++) {
			try {
				values[i] = this.accessors[i].invoke(record);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
		}
		return PlainValue.write('{', this.names, this.kinds, values, '}');
	}

	/**
	 * Read a record written as {@link #encode(Object)} writes it.
	 * @param json the JSON
	 * @param at where the object starts
	 * @param into where the record goes
	 * @param index where in {@code into}
	 * @return where the object ends (exclusive), or {@code -1} if it is not read here
	 */
	int read(byte[] json, int at, @Nullable Object[] into, int index) {
		if (at >= json.length || json[at] != '{') {
			return -1;
		}
		@Nullable Object[] values = new Object[this.kinds.length];
		int end = PlainValue.readAll(json, at + 1, this.names, this.kinds, values);
		if (end < 0 || end >= json.length || json[end] != '}') {
			return -1;
		}
		Object record = create(values);
		if (record == null) {
			return -1;
		}
		into[index] = record;
		return end + 1;
	}

	/**
	 * What each component takes, in declaration order.
	 * @return the kinds
	 */
	Kind[] kinds() {
		return this.kinds;
	}

	/**
	 * Build a record through its canonical constructor, as Jackson does.
	 * @param components its components, in declaration order
	 * @return the record, or {@code null} if the constructor refused them
	 */
	@Nullable Object create(@Nullable Object[] components) {
		try {
			return this.constructor.newInstance(components);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Finds Jackson's annotations on a class and its members, or inside an annotation of
	 * the application's own (Jackson's {@code @JacksonAnnotationsInside}).
	 */
	private static final class JacksonAnnotations {

		static boolean anywhereOn(Class<?> type) {
			for (Class<?> face : type.getInterfaces()) {
				if (anywhereOn(face)) {
					return true;
				}
			}
			List<AnnotatedElement> elements = new ArrayList<>();
			elements.add(type);
			// An interface the record implements has no components.
			if (type.isRecord()) {
				elements.addAll(List.of(type.getRecordComponents()));
			}
			elements.addAll(List.of(type.getDeclaredFields()));
			elements.addAll(List.of(type.getDeclaredConstructors()));
			elements.addAll(List.of(type.getDeclaredMethods()));
			for (AnnotatedElement element : elements) {
				if (any(element.getDeclaredAnnotations())) {
					return true;
				}
				if (element instanceof Executable executable) {
					for (Annotation[] parameter : executable.getParameterAnnotations()) {
						if (any(parameter)) {
							return true;
						}
					}
				}
			}
			return false;
		}

		private static boolean any(Annotation[] annotations) {
			for (Annotation annotation : annotations) {
				if (isJackson(annotation.annotationType()) || inside(annotation)) {
					return true;
				}
			}
			return false;
		}

		private static boolean inside(Annotation annotation) {
			for (Annotation meta : annotation.annotationType().getDeclaredAnnotations()) {
				if (isJackson(meta.annotationType())) {
					return true;
				}
			}
			return false;
		}

		private static boolean isJackson(Class<? extends Annotation> type) {
			String name = type.getName();
			return name.startsWith("com.fasterxml.jackson.") || name.startsWith("tools.jackson.");
		}

	}

}
