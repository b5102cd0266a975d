package io.replication.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * One plain value in the JSON Jackson writes: a string with nothing to escape, an
 * integer, a boolean, a {@link PlainRecord record} of those, or {@code null}. Shared by
 * the argument array ({@link PlainJsonArguments}) and a record's object
 * ({@link PlainRecord}). Whatever is not plain is refused, so that Jackson handles it.
 *
 * @author replication
 */
final class PlainValue {

	private static final byte[] NULL = { 'n', 'u', 'l', 'l' };

	private static final byte[] TRUE = { 't', 'r', 'u', 'e' };

	private static final byte[] FALSE = { 'f', 'a', 'l', 's', 'e' };

	// More digits than this could overflow a long: Jackson reads those.
	private static final int MAX_DIGITS = 18;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private PlainValue() {
	}

	/**
	 * Write values as a JSON array or object, with no spacing, as Jackson writes them.
	 * @param open {@code '['} or <code>'{'</code>
	 * @param names each value's name, quoted and followed by {@code ':'}, for an object;
	 * {@code null} for an array
	 * @param kinds each value's kind
	 * @param values the values
	 * @param close {@code ']'} or <code>'}'</code>
	 * @return the JSON, or {@code null} if a value is not plain
	 */
	static byte @Nullable [] write(char open, byte @Nullable [][] names, Kind[] kinds, @Nullable Object[] values,
			char close) {
		byte[][] bytes = new byte[values.length][];
		int size = 2 + Math.max(0, values.length - 1);
		for (int i = 0; i < values.length; i++) {
			bytes[i] = bytes(kinds[i], values[i]);
			if (bytes[i] == null) {
				return null;
			}
			size += bytes[i].length + (quoted(kinds[i], values[i]) ? 2 : 0) + ((names != null) ? names[i].length : 0);
		}
		byte[] json = new byte[size];
		int at = 0;
		json[at++] = (byte) open;
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				json[at++] = ',';
			}
			if (names != null) {
				at = put(json, at, names[i]);
			}
			if (quoted(kinds[i], values[i])) {
				json[at++] = '"';
				at = put(json, at, bytes[i]);
				json[at++] = '"';
			}
			else {
				at = put(json, at, bytes[i]);
			}
		}
		json[at] = (byte) close;
		return json;
	}

	/**
	 * Read the values of a JSON array or object, as {@link #write} writes them, up to its
	 * closing bracket.
	 * @param json the JSON
	 * @param at where the first value (or name) starts, after the opening bracket
	 * @param names each value's name as {@link #write} takes them, or {@code null}
	 * @param kinds each value's kind
	 * @param into where the values go
	 * @return where the last value ends, or {@code -1} if anything is not plain or does
	 * not fit
	 */
	static int readAll(byte[] json, int at, byte @Nullable [][] names, Kind[] kinds, @Nullable Object[] into) {
		for (int i = 0; i < kinds.length; i++) {
			if (i > 0) {
				if (at >= json.length || json[at] != ',') {
					return -1;
				}
				at++;
			}
			if (names != null) {
				if (!startsWith(json, at, names[i])) {
					return -1;
				}
				at += names[i].length;
			}
			at = read(kinds[i], json, at, into, i);
			if (at < 0) {
				return -1;
			}
		}
		return at;
	}

	// The JSON of a value, strings without their quotes, or null if it is not plain.
	private static byte @Nullable [] bytes(Kind kind, @Nullable Object value) {
		if (value == null) {
			return NULL;
		}
		return switch (kind.type) {
			case STRING -> {
				String string = (String) value;
				byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
				yield plain(utf8, string) ? utf8 : null;
			}
			case BOOLEAN -> ((Boolean) value) ? TRUE : FALSE;
			case INTEGER -> value.toString().getBytes(StandardCharsets.ISO_8859_1);
			case RECORD -> kind.record.encode(value);
		};
	}

	// A string's bytes go in quotes; a null string is written as null.
	private static boolean quoted(Kind kind, @Nullable Object value) {
		return kind.type == JsonType.STRING && value != null;
	}

	/**
	 * Read one value, with no spacing, as Jackson writes it.
	 * @param kind the value's kind
	 * @param json the JSON
	 * @param at where the value starts
	 * @param into where the value goes, left {@code null} for a {@code null}
	 * @param index where in {@code into}
	 * @return where the value ends (exclusive), or {@code -1} if it is not plain or does
	 * not fit the kind
	 */
	private static int read(Kind kind, byte[] json, int at, @Nullable Object[] into, int index) {
		if (at >= json.length) {
			return -1;
		}
		// The first byte alone rules null out for nearly every value: a range compare per
		// argument showed in the apply thread's profile.
		if (json[at] == 'n' && startsWith(json, at, NULL)) {
			return kind.primitive ? -1 : at + NULL.length;
		}
		if (kind.type == JsonType.RECORD) {
			return kind.record.read(json, at, into, index);
		}
		int end = switch (kind.type) {
			case STRING -> endOfString(json, at);
			case INTEGER -> endOfInteger(json, at);
			case BOOLEAN -> endOfBoolean(json, at);
			case RECORD -> -1;
		};
		if (end < 0) {
			return -1;
		}
		Object value = value(kind, json, at, end);
		if (value == null) {
			return -1;
		}
		into[index] = value;
		return end;
	}

	private static boolean startsWith(byte[] json, int at, byte[] literal) {
		return at + literal.length <= json.length
				&& Arrays.equals(json, at, at + literal.length, literal, 0, literal.length);
	}

	private static int put(byte[] json, int at, byte[] bytes) {
		System.arraycopy(bytes, 0, json, at, bytes.length);
		return at + bytes.length;
	}

	private static @Nullable Object value(Kind kind, byte[] json, int from, int to) {
		return switch (kind.type) {
			case STRING -> new String(json, from + 1, to - from - 2, StandardCharsets.ISO_8859_1);
			case BOOLEAN -> json[from] == 't';
			case INTEGER -> {
				long value = parseLong(json, from, to);
				if (kind.javaType == Long.class) {
					yield value;
				}
				yield (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) ? (Object) (int) value : null;
			}
			case RECORD -> null;
		};
	}

	// A string Jackson writes as it is: nothing to escape, and no surrogate that Jackson
	// would check. One byte per character means ASCII, where the bytes tell, unless a
	// '?' stands for a lone surrogate.
	private static boolean plain(byte[] utf8, String string) {
		if (utf8.length == string.length()) {
			boolean question = false;
			for (byte b : utf8) {
				if (b < 0x20 || b == '"' || b == '\\') {
					return false;
				}
				question |= (b == '?');
			}
			if (!question) {
				return true;
			}
		}
		for (int i = 0; i < string.length(); i++) {
			char c = string.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	// End (exclusive) of a string of printable ASCII with no escapes, or -1.
	private static int endOfString(byte[] json, int from) {
		if (json[from] != '"') {
			return -1;
		}
		int at = from + 1;
		// Skip eight bytes at a time while none of them needs a closer look.
		while (at + Long.BYTES <= json.length && !mayEndOrEscape((long) LONGS.get(json, at))) {
			at += Long.BYTES;
		}
		for (; at < json.length; at++) {
			byte b = json[at];
			if (b == '"') {
				return at + 1;
			}
			if (b < 0x20 || b == '\\') {
				// Negative bytes are non-ASCII UTF-8, which Jackson validates.
				return -1;
			}
		}
		return -1;
	}

	/**
	 * Whether any of eight bytes is a quote, a backslash, a control character or
	 * non-ASCII. It may say so of a word that has none (borrows between bytes), never the
	 * other way round: the byte-by-byte loop then decides.
	 */
	private static boolean mayEndOrEscape(long word) {
		long quotes = word ^ (ONES * '"');
		long backslashes = word ^ (ONES * '\\');
		long zeroBytes = ((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes);
		long controls = (word - ONES * 0x20) & ~word;
		return ((zeroBytes | controls | word) & HIGH_BITS) != 0;
	}

	// End of an integer with no sign but '-', no leading zero, fraction or exponent,
	// followed by what ends a value in an array or an object.
	private static int endOfInteger(byte[] json, int from) {
		int at = (json[from] == '-') ? from + 1 : from;
		int digits = at;
		while (at < json.length && json[at] >= '0' && json[at] <= '9') {
			at++;
		}
		int count = at - digits;
		if (count == 0 || count > MAX_DIGITS || (count > 1 && json[digits] == '0')) {
			return -1;
		}
		return (at < json.length && (json[at] == ',' || json[at] == ']' || json[at] == '}')) ? at : -1;
	}

	private static int endOfBoolean(byte[] json, int from) {
		if (startsWith(json, from, TRUE)) {
			return from + TRUE.length;
		}
		return startsWith(json, from, FALSE) ? from + FALSE.length : -1;
	}

	private static long parseLong(byte[] json, int from, int to) {
		boolean negative = json[from] == '-';
		long value = 0;
		for (int at = negative ? from + 1 : from; at < to; at++) {
			value = value * 10 + (json[at] - '0');
		}
		return negative ? -value : value;
	}

	enum JsonType {

		STRING, INTEGER, BOOLEAN, RECORD

	}

	/**
	 * What a parameter or record component takes.
	 *
	 * @param type its JSON type
	 * @param javaType its Java type, boxed
	 * @param primitive whether {@code null} does not fit it
	 * @param record how a record is written and read, for {@link JsonType#RECORD}
	 */
	record Kind(JsonType type, Class<?> javaType, boolean primitive, @Nullable PlainRecord record) {

		/**
		 * The kind of a parameter: a plain scalar, or a record of plain scalars.
		 * @param type the parameter's generic type
		 * @return its kind, or {@code null} if it is neither
		 */
		static @Nullable Kind of(Type type) {
			Kind scalar = scalar(type);
			if (scalar != null || !(type instanceof Class<?> cls)) {
				return scalar;
			}
			PlainRecord record = PlainRecord.of(cls);
			return (record != null) ? new Kind(JsonType.RECORD, cls, false, record) : null;
		}

		/**
		 * The kind of a string, integer or boolean, boxed or not.
		 * @param type a generic type
		 * @return its kind, or {@code null} if it is of another type
		 */
		static @Nullable Kind scalar(Type type) {
			if (type == String.class) {
				return new Kind(JsonType.STRING, String.class, false, null);
			}
			if (type == long.class || type == Long.class) {
				return new Kind(JsonType.INTEGER, Long.class, type == long.class, null);
			}
			if (type == int.class || type == Integer.class) {
				return new Kind(JsonType.INTEGER, Integer.class, type == int.class, null);
			}
			if (type == boolean.class || type == Boolean.class) {
				return new Kind(JsonType.BOOLEAN, Boolean.class, type == boolean.class, null);
			}
			return null;
		}

	}

}
