package io.replication.engine;

import java.lang.reflect.Type;

import io.replication.engine.PlainValue.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Writes and reads the JSON argument array of a method whose parameters are all
 * {@code String}, {@code long}, {@code int} or {@code boolean} (boxed or not), or records
 * of those ({@link PlainRecord}), without Jackson, for the plain values that make up most
 * commands: strings with nothing to escape, integers, booleans and nulls. The bytes are
 * the JSON that Jackson writes for them, so the log's format does not change and any
 * reader can read them.
 * <p>
 * Jackson spends most of a small command's decoding on setting up a parser. Anything else
 * (a string with an escape, a control character, a surrogate or non-ASCII characters to
 * read, a number that is not a plain integer, a null for a primitive, unexpected spacing
 * or order) returns {@code null}, and Jackson handles the whole array as it did before,
 * with its rules and its errors.
 *
 * @author replication
 */
final class PlainJsonArguments {

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
		return PlainValue.write('[', null, this.kinds, arguments, ']');
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
		int at = PlainValue.readAll(json, 1, null, this.kinds, arguments);
		return (at == json.length - 1 && json[at] == ']') ? arguments : null;
	}

	/**
	 * What each parameter takes.
	 * @return the kinds, one per parameter
	 */
	Kind[] kinds() {
		return this.kinds;
	}

}
