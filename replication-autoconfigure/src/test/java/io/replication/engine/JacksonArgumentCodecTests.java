package io.replication.engine;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JacksonArgumentCodec}.
 */
class JacksonArgumentCodecTests {

	private final JacksonArgumentCodec codec = new JacksonArgumentCodec(JsonMapper.builder().build());

	@Test
	void argumentsRoundTripAsTheirGenericParameterTypes() {
		CommandDefinition command = command("book", String.class, List.class, Map.class, long.class);
		Object[] arguments = { "alice", List.of(new Money("EUR", 5)), Map.of("note", new Money("USD", 7)), 42L };
		byte[] payload = this.codec.encode(command, arguments);
		assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(
				"[\"alice\",[{\"currency\":\"EUR\",\"amount\":5}],{\"note\":{\"currency\":\"USD\",\"amount\":7}},42]");
		Object[] decoded = this.codec.decode(command, payload);
		assertThat(decoded).containsExactly("alice", List.of(new Money("EUR", 5)), Map.of("note", new Money("USD", 7)),
				42L);
		assertThat(((List<?>) decoded[1]).get(0)).isInstanceOf(Money.class);
	}

	@Test
	void nullArgumentsRoundTrip() {
		CommandDefinition command = command("book", String.class, List.class, Map.class, long.class);
		Object[] decoded = this.codec.decode(command,
				this.codec.encode(command, new Object[] { null, null, null, 1L }));
		assertThat(decoded).containsExactly(null, null, null, 1L);
	}

	@Test
	void typeNamesInARecordAreNotHonoured() {
		CommandDefinition command = command("anything", Object.class);
		byte[] payload = "[{\"@class\":\"java.lang.ProcessBuilder\",\"command\":[\"x\"]}]"
			.getBytes(StandardCharsets.UTF_8);
		Object[] decoded = this.codec.decode(command, payload);
		assertThat(decoded[0]).isInstanceOf(Map.class);
	}

	@Test
	void tooFewArgumentsAreUnreadable() {
		CommandDefinition command = command("book", String.class, List.class, Map.class, long.class);
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> this.codec.decode(command, "[\"alice\"]".getBytes(StandardCharsets.UTF_8)))
			.withMessage("arguments of command 'book': record has 1 arguments, the method takes 4");
	}

	@Test
	void tooManyArgumentsAreUnreadable() {
		CommandDefinition command = command("anything", Object.class);
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> this.codec.decode(command, "[1,2]".getBytes(StandardCharsets.UTF_8)))
			.withMessage("arguments of command 'anything': record has more arguments than the method's 1");
	}

	@Test
	void argumentsOfTheWrongTypeAreUnreadable() {
		CommandDefinition command = command("book", String.class, List.class, Map.class, long.class);
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> this.codec.decode(command, "[\"alice\",[],{},\"many\"]".getBytes(StandardCharsets.UTF_8)))
			.withMessageStartingWith("arguments of command 'book' do not decode:");
	}

	@Test
	void garbageIsUnreadable() {
		CommandDefinition command = command("anything", Object.class);
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> this.codec.decode(command, new byte[] { 0, (byte) 0xff, 3 }))
			.withMessageStartingWith("arguments of command 'anything' do not decode:");
	}

	@Test
	void argumentsThatWouldNotReadBackAreRefusedWhenEncoded() {
		CommandDefinition command = command("label", Label.class);
		Label label = () -> "urgent";
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(command, new Object[] { label }))
			.withMessageStartingWith("arguments of command 'label' would not read back as its parameter types, "
					+ "and every instance would halt at the record: Cannot construct instance of");
	}

	@Test
	void argumentsThatCannotBeWrittenAreRefusedWhenEncoded() {
		CommandDefinition command = command("label", Label.class);
		Label label = () -> {
			throw new IllegalStateException("not labelled yet");
		};
		assertThatIllegalArgumentException().isThrownBy(() -> this.codec.encode(command, new Object[] { label }))
			.withMessage("arguments of command 'label' cannot be written: not labelled yet")
			.withRootCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void interfaceArgumentsWithTheirSubtypesNamedReadBack() {
		CommandDefinition command = command("draw", Shape.class);
		byte[] payload = this.codec.encode(command, new Object[] { new Circle(2) });
		assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("[{\"kind\":\"circle\",\"radius\":2}]");
		assertThat(this.codec.decode(command, payload)).containsExactly(new Circle(2));
	}

	private static CommandDefinition command(String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(Commands.class, name, parameterTypes);
		return new CommandDefinition("test", name, method, null, false);
	}

	record Money(String currency, long amount) {

	}

	@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
	@JsonSubTypes(@JsonSubTypes.Type(value = Circle.class, name = "circle"))
	interface Shape {

	}

	record Circle(int radius) implements Shape {

	}

	// Jackson writes its property, and has no concrete type to read it back into.
	interface Label {

		String getText();

	}

	static class Commands {

		public void book(String account, List<Money> amounts, Map<String, Money> notes, long sequence) {
		}

		public void anything(Object value) {
		}

		public void label(Label label) {
		}

		public void draw(Shape shape) {
		}

	}

}
