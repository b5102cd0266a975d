package io.replication.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Type;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the JSON argument array of a method whose parameters are all
 * {@code String}, {@code long}, {@code int} or {@code boolean} (boxed or not) without
 * Jackson, for the plain values that make up most commands: strings with nothing to
 * escape, integers, booleans and nulls. The bytes are the JSON that Jackson writes for
 * them, so the log's format does not change and any reader can read them.
 * <p>
 * Jackson spends most of a small command's decoding on setting up a parser. Anything else
 * (a string with an escape, a control character, a surrogate or non-ASCII characters to
 * read, a number that is not a plain integer, a null for a primitive, unexpected spacing)
 * returns {@code null}, and Jackson handles the whole array as it did before, with its
 * rules and its errors.
 *
 * @author replication
 */
final class PlainJsonArguments {

	private static final byte[] NULL = { 'n', 'u', 'l', 'l' };

	private static final byte[] TRUE = { 't', 'r', 'u', 'e' };

	private static final byte[] FALSE = { 'f', 'a', 'l', 's', 'e' };

	// More digits than this could overflow a long: Jackson reads those.
	private static final int MAX_DIGITS = 18;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private static final long ONES = 0x0101010101010101L;

	private static final long HIGH_BITS = 0x8080808080808080L;

	private final Kind[] kinds;

	private PlainJsonArguments(Kind[] kinds) {
		this.kinds = kinds;
	}

	/**
	 * The plain codec of a method's parameters.
	 * @param types the method's generic parameter types
	 * @return the codec, or {@code null} if a parameter is of another type
	 */
	static @Nullable PlainJsonArguments of(Type[] types) {
		Kind[] kinds = new Kind[types.length];
		for (int i = 0; i < types.length; i++) {
			Kind kind = Kind.of(types[i]);
			if (kind == null) {
				return null;
			}
			kinds[i] = kind;
		}
		return new PlainJsonArguments(kinds);
	}

	/**
	 * Write the arguments as a JSON array.
	 * @param arguments one per parameter
	 * @return the JSON, or {@code null} if a value is not plain
	 */
	byte @Nullable [] encode(@Nullable Object[] arguments) {
		byte[][] strings = new byte[arguments.length][];
		int size = 2 + Math.max(0, arguments.length - 1);
		for (int i = 0; i < arguments.length; i++) {
			Object argument = arguments[i];
			if (argument == null) {
				size += NULL.length;
			}
			else if (argument instanceof String string) {
				byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
				if (!plain(utf8, string)) {
					return null;
				}
				strings[i] = utf8;
				size += utf8.length + 2;
			}
			else {
				strings[i] = literal(argument);
				size += strings[i].length;
			}
		}
		byte[] json = new byte[size];
		int at = 0;
		json[at++] = '[';
		for (int i = 0; i < arguments.length; i++) {
			if (i > 0) {
				json[at++] = ',';
			}
			if (arguments[i] == null) {
				at = put(json, at, NULL);
			}
			else if (arguments[i] instanceof String) {
				json[at++] = '"';
				at = put(json, at, strings[i]);
				json[at++] = '"';
			}
			else {
				at = put(json, at, strings[i]);
			}
		}
		json[at] = ']';
		return json;
	}

	/**
	 * Read a JSON array of plain values, with no spacing, as Jackson and
	 * {@link #encode(Object[])} write it.
	 * @param json the payload
	 * @return one value per parameter, or {@code null} if anything is not plain or does
	 * not fit the parameters: Jackson reads it then, and says what is wrong
	 */
	@Nullable Object @Nullable [] decode(byte[] json) {
		@Nullable Object[] arguments = new Object[this.kinds.length];
		if (json.length < 2 || json[0] != '[') {
			return null;
		}
		int at = 1;
		for (int i = 0; i < this.kinds.length; i++) {
			if (i > 0) {
				if (at >= json.length || json[at] != ',') {
					return null;
				}
				at++;
			}
			if (at >= json.length) {
				return null;
			}
			Kind kind = this.kinds[i];
			int end;
			// The first byte alone rules null out for nearly every value: a range compare
			// per argument showed in the apply thread's profile.
			if (json[at] == 'n' && startsWith(json, at, NULL)) {
				if (kind.primitive) {
					return null;
				}
				end = at + NULL.length;
			}
			else {
				end = switch (kind.type) {
					case STRING -> endOfString(json, at);
					case INTEGER -> endOfInteger(json, at);
					case BOOLEAN -> endOfBoolean(json, at);
				};
				if (end < 0) {
					return null;
				}
				Object value = value(kind, json, at, end);
				if (value == null) {
					return null;
				}
				arguments[i] = value;
			}
			at = end;
		}
		return (at == json.length - 1 && json[at] == ']') ? arguments : null;
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

	private static byte[] literal(Object value) {
		if (value instanceof Boolean bool) {
			return bool ? TRUE : FALSE;
		}
		return value.toString().getBytes(StandardCharsets.ISO_8859_1);
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

	// End of an integer with no sign but '-', no leading zero, fraction or exponent.
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
		return (at < json.length && (json[at] == ',' || json[at] == ']')) ? at : -1;
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

	private static boolean startsWith(byte[] json, int at, byte[] literal) {
		return at + literal.length <= json.length
				&& Arrays.equals(json, at, at + literal.length, literal, 0, literal.length);
	}

	private static int put(byte[] json, int at, byte[] bytes) {
		System.arraycopy(bytes, 0, json, at, bytes.length);
		return at + bytes.length;
	}

	private enum JsonType {

		STRING, INTEGER, BOOLEAN

	}

	private record Kind(JsonType type, Class<?> javaType, boolean primitive) {

		static @Nullable Kind of(Type type) {
			if (type == String.class) {
				return new Kind(JsonType.STRING, String.class, false);
			}
			if (type == long.class || type == Long.class) {
				return new Kind(JsonType.INTEGER, Long.class, type == long.class);
			}
			if (type == int.class || type == Integer.class) {
				return new Kind(JsonType.INTEGER, Integer.class, type == int.class);
			}
			if (type == boolean.class || type == Boolean.class) {
				return new Kind(JsonType.BOOLEAN, Boolean.class, type == boolean.class);
			}
			return null;
		}

	}

}
