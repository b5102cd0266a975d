package io.replication.engine;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;

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
		byte[][] bytes = new byte[this.kinds.length][];
		int size = 2 + Math.max(0, this.kinds.length - 1);
		for (int i = 0; i < this.kinds.length; i++) {
			try {
				values[i] = this.accessors[i].invoke(record);
			}
			catch (ReflectiveOperationException | RuntimeException ex) {
				return null;
			}
			bytes[i] = (values[i] != null) ? PlainValue.bytes(this.kinds[i], values[i]) : PlainValue.NULL;
			if (bytes[i] == null) {
				return null;
			}
			size += this.names[i].length
					+ ((values[i] != null) ? PlainValue.length(this.kinds[i], bytes[i]) : bytes[i].length);
		}
		byte[] json = new byte[size];
		int at = 0;
		json[at++] = '{';
		for (int i = 0; i < this.kinds.length; i++) {
			if (i > 0) {
				json[at++] = ',';
			}
			at = PlainValue.put(json, at, this.names[i]);
			at = (values[i] != null) ? PlainValue.put(json, at, this.kinds[i], bytes[i])
					: PlainValue.put(json, at, bytes[i]);
		}
		json[at] = '}';
		return json;
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
		at++;
		@Nullable Object[] values = new Object[this.kinds.length];
		for (int i = 0; i < this.kinds.length; i++) {
			if (i > 0) {
				if (at >= json.length || json[at] != ',') {
					return -1;
				}
				at++;
			}
			if (!PlainValue.startsWith(json, at, this.names[i])) {
				return -1;
			}
			at = PlainValue.read(this.kinds[i], json, at + this.names[i].length, values, i);
			if (at < 0) {
				return -1;
			}
		}
		if (at >= json.length || json[at] != '}') {
			return -1;
		}
		try {
			into[index] = this.constructor.newInstance(values);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return -1;
		}
		return at + 1;
	}

	/**
	 * Finds Jackson's annotations on a class and its members, or inside an annotation of
	 * the application's own (Jackson's {@code @JacksonAnnotationsInside}).
	 */
	private static final class JacksonAnnotations {

		static boolean anywhereOn(Class<?> type) {
			if (on(type)) {
				return true;
			}
			for (Class<?> face : type.getInterfaces()) {
				if (anywhereOn(face)) {
					return true;
				}
			}
			// An interface the record implements has no components.
			for (AnnotatedElement member : type.isRecord() ? type.getRecordComponents() : new AnnotatedElement[0]) {
				if (on(member)) {
					return true;
				}
			}
			for (AnnotatedElement member : type.getDeclaredFields()) {
				if (on(member)) {
					return true;
				}
			}
			for (Executable member : type.getDeclaredConstructors()) {
				if (onExecutable(member)) {
					return true;
				}
			}
			for (Executable member : type.getDeclaredMethods()) {
				if (onExecutable(member)) {
					return true;
				}
			}
			return false;
		}

		private static boolean onExecutable(Executable executable) {
			if (on(executable)) {
				return true;
			}
			for (Annotation[] annotations : executable.getParameterAnnotations()) {
				for (Annotation annotation : annotations) {
					if (isJackson(annotation.annotationType()) || inside(annotation)) {
						return true;
					}
				}
			}
			return false;
		}

		private static boolean on(AnnotatedElement element) {
			for (Annotation annotation : element.getDeclaredAnnotations()) {
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
