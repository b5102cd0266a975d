package io.replication.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the applier finds a record's command in a run of records one thread applies. The
 * envelope decoder hands back the same name strings for consecutive records, and the
 * applier finds the last command again by them: these records share their name strings as
 * the decoder's would, and one run's {@link CommandApplier.LastCommand}.
 */
class CommandApplierTests {

	private static final String ADD = "add";

	private final Tally left = new Tally();

	private final Tally right = new Tally();

	private final StateDefinition leftState = CommandIntrospector.introspect("left", this.left);

	private final StateDefinition rightState = CommandIntrospector.introspect("right", this.right);

	private final CommandApplier applier = new CommandApplier("node-1", new JacksonArgumentCodec(JsonMapper.shared()),
			new PendingInvocations(), ReplicationMetrics.NONE, CommandTracing.NONE);

	private final CommandApplier.LastCommand lastCommand = new CommandApplier.LastCommand();

	private long offset;

	@Test
	void statesWithTheSameCommandNamesEachApplyTheirOwnRecords() {
		String leftName = "left";
		String rightName = "right";
		for (int i = 1; i <= 4; i++) {
			apply(this.leftState, record(leftName, ADD, CommandRecord.FORMAT_VERSION, i));
			apply(this.rightState, record(rightName, ADD, CommandRecord.FORMAT_VERSION, 10 * i));
		}
		assertThat(this.left.added).containsExactly(1, 2, 3, 4);
		assertThat(this.right.added).containsExactly(10, 20, 30, 40);
	}

	@Test
	void consecutiveRecordsOfDifferentCommandsEachRunTheirOwn() {
		String state = "left";
		apply(this.leftState, record(state, ADD, CommandRecord.FORMAT_VERSION, 1));
		apply(this.leftState, record(state, "subtract", CommandRecord.FORMAT_VERSION, 2));
		apply(this.leftState, record(state, ADD, CommandRecord.FORMAT_VERSION, 3));
		assertThat(this.left.added).containsExactly(1, -2, 3);
	}

	@Test
	void aRecordOfAnotherStateIsRefusedRightAfterOneOfItsOwnWithTheSameNames() {
		String state = "left";
		apply(this.leftState, record(state, ADD, CommandRecord.FORMAT_VERSION, 1));
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> apply(this.rightState, record(state, ADD, CommandRecord.FORMAT_VERSION, 2)))
			.withMessageContaining("record names state 'left'");
		assertThat(this.right.added).isEmpty();
	}

	@Test
	void aNewerFormatIsRefusedRightAfterARecordWithTheSameNames() {
		String state = "left";
		apply(this.leftState, record(state, ADD, CommandRecord.FORMAT_VERSION, 1));
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> apply(this.leftState, record(state, ADD, CommandRecord.FORMAT_VERSION + 1, 2)));
		assertThat(this.left.added).containsExactly(1);
	}

	@Test
	void anUnknownCommandIsRefusedRightAfterAKnownOne() {
		String state = "left";
		apply(this.leftState, record(state, ADD, CommandRecord.FORMAT_VERSION, 1));
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> apply(this.leftState, record(state, "multiply", CommandRecord.FORMAT_VERSION, 2)))
			.withMessageContaining("unknown command 'multiply'");
		assertThat(this.left.added).containsExactly(1);
	}

	private void apply(StateDefinition state, CommandRecord record) {
		this.applier.apply(state, record, new Position(state.name(), 0, this.offset++), 0, this.lastCommand).deliver();
	}

	private static CommandRecord record(String state, String command, int format, int amount) {
		return new CommandRecord(state, command, "node-2", UUID.randomUUID(), format, null,
				("[" + amount + "]").getBytes(StandardCharsets.UTF_8));
	}

	@ReplicatedState
	public static class Tally {

		final List<Integer> added = new ArrayList<>();

		@ReplicatedWrite
		public void add(int amount) {
			this.added.add(amount);
		}

		@ReplicatedWrite
		public void subtract(int amount) {
			this.added.add(-amount);
		}

	}

}
