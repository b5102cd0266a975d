package io.replication;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How far into each state's log something reaches: for each state and partition, the
 * offset up to which (exclusive) records are applied or written. Positions are merged by
 * taking the furthest of each partition, so a merged position is reached once each of its
 * parts is.
 * <p>
 * Carried over HTTP in the {@value #HEADER} header as
 * {@code <state>:<partition>=<offset>[,<partition>=<offset>...][;<state>:...]}, for
 * example {@code ledger:0=1042;audit:0=17,1=9}. Clients treat it as opaque: they echo the
 * last one they received.
 *
 * @author replication
 */
public final class ReplicationPosition {

	/**
	 * The HTTP header that carries positions, both ways.
	 */
	public static final String HEADER = "Replication-Position";

	/**
	 * No position: reached by everything.
	 */
	public static final ReplicationPosition EMPTY = new ReplicationPosition(Map.of());

	// State names as the starter accepts them; at most 16 states and 1,024 partitions a
	// header, so a hostile header cannot make an instance build a large map.
	private static final Pattern STATE = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

	private static final int MAX_STATES = 16;

	private static final int MAX_PARTITIONS = 1024;

	private final Map<String, Map<Integer, Long>> offsets;

	private ReplicationPosition(Map<String, Map<Integer, Long>> offsets) {
		this.offsets = offsets;
	}

	/**
	 * A position of one state.
	 * @param state name of the state
	 * @param offsets offsets by partition, each the next one to reach
	 * @return the position
	 */
	public static ReplicationPosition of(String state, Map<Integer, Long> offsets) {
		Objects.requireNonNull(state, "'state' must not be null");
		if (offsets.isEmpty()) {
			return EMPTY;
		}
		Map<String, Map<Integer, Long>> all = new TreeMap<>();
		all.put(state, Collections.unmodifiableMap(new TreeMap<>(offsets)));
		return new ReplicationPosition(Collections.unmodifiableMap(all));
	}

	/**
	 * Read a position from its header form.
	 * @param header the header's value
	 * @return the position
	 * @throws IllegalArgumentException if the value is not a position, saying why
	 */
	public static ReplicationPosition parse(String header) {
		String value = header.strip();
		if (value.isEmpty()) {
			return EMPTY;
		}
		Map<String, Map<Integer, Long>> all = new TreeMap<>();
		String[] states = value.split(";", -1);
		if (states.length > MAX_STATES) {
			throw new IllegalArgumentException("more than " + MAX_STATES + " states");
		}
		int partitions = 0;
		for (String part : states) {
			int colon = part.indexOf(':');
			if (colon < 0) {
				throw new IllegalArgumentException("'" + part + "' is not <state>:<partition>=<offset>");
			}
			String state = part.substring(0, colon);
			if (!STATE.matcher(state).matches()) {
				throw new IllegalArgumentException("'" + state + "' is not a state name");
			}
			if (all.containsKey(state)) {
				throw new IllegalArgumentException("state '" + state + "' appears twice");
			}
			Map<Integer, Long> offsets = new TreeMap<>();
			for (String entry : part.substring(colon + 1).split(",", -1)) {
				if (++partitions > MAX_PARTITIONS) {
					throw new IllegalArgumentException("more than " + MAX_PARTITIONS + " partitions");
				}
				int equals = entry.indexOf('=');
				if (equals < 0) {
					throw new IllegalArgumentException(
							"'" + entry + "' of state '" + state + "' is not <partition>=<offset>");
				}
				int partition = number(entry.substring(0, equals), state, Integer.MAX_VALUE).intValue();
				long offset = number(entry.substring(equals + 1), state, Long.MAX_VALUE);
				if (offsets.put(partition, offset) != null) {
					throw new IllegalArgumentException(
							"partition " + partition + " of state '" + state + "' appears twice");
				}
			}
			all.put(state, Collections.unmodifiableMap(offsets));
		}
		return new ReplicationPosition(Collections.unmodifiableMap(all));
	}

	private static Long number(String text, String state, long max) {
		if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException("'" + text + "' of state '" + state + "' is not a number");
		}
		long value = Long.parseLong(text);
		if (value > max) {
			throw new IllegalArgumentException("'" + text + "' of state '" + state + "' is too large");
		}
		return value;
	}

	/**
	 * The furthest of this position and another, partition by partition.
	 * @param other the other position
	 * @return a position reached once both are
	 */
	public ReplicationPosition merge(ReplicationPosition other) {
		if (other.offsets.isEmpty()) {
			return this;
		}
		if (this.offsets.isEmpty()) {
			return other;
		}
		Map<String, Map<Integer, Long>> all = new TreeMap<>();
		this.offsets.forEach((state, offsets) -> all.put(state, new TreeMap<>(offsets)));
		other.offsets.forEach((state, offsets) -> offsets.forEach((partition,
				offset) -> all.computeIfAbsent(state, (name) -> new TreeMap<>()).merge(partition, offset, Math::max)));
		all.replaceAll((state, offsets) -> Collections.unmodifiableMap(offsets));
		return new ReplicationPosition(Collections.unmodifiableMap(all));
	}

	/**
	 * The states this position names.
	 * @return their names, sorted
	 */
	public Set<String> states() {
		return this.offsets.keySet();
	}

	/**
	 * The offsets of one state.
	 * @param state name of the state
	 * @return the next offset to reach by partition; empty if the position does not name
	 * the state
	 */
	public Map<Integer, Long> offsets(String state) {
		return this.offsets.getOrDefault(state, Map.of());
	}

	/**
	 * Whether the position names nothing.
	 * @return {@code true} for {@link #EMPTY}
	 */
	public boolean isEmpty() {
		return this.offsets.isEmpty();
	}

	/**
	 * The position in its header form.
	 * @return the header's value; empty for {@link #EMPTY}
	 */
	public String toHeader() {
		StringBuilder header = new StringBuilder();
		this.offsets.forEach((state, offsets) -> {
			if (header.length() > 0) {
				header.append(';');
			}
			header.append(state).append(':');
			int first = header.length();
			offsets.forEach((partition, offset) -> {
				if (header.length() > first) {
					header.append(',');
				}
				header.append(partition).append('=').append(offset);
			});
		});
		return header.toString();
	}

	@Override
	public boolean equals(Object other) {
		return (this == other)
				|| (other instanceof ReplicationPosition position && this.offsets.equals(position.offsets));
	}

	@Override
	public int hashCode() {
		return this.offsets.hashCode();
	}

	@Override
	public String toString() {
		return toHeader();
	}

}
