package io.replication.engine;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PlainRecord}: a record of plain values is written and read without
 * Jackson, into and from the JSON Jackson writes, and anything Jackson might treat its
 * own way is left to Jackson.
 */
class PlainRecordTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final JacksonArgumentCodec codec = new JacksonArgumentCodec(MAPPER);

	private final CommandDefinition transfer = command("transfer", Transfer.class, long.class);

	@Test
	void writesWhatJacksonWritesAndReadsItBack() {
		assertThat(this.codec.skipsJacksonForPlainValues(this.transfer)).isTrue();
		Object[] arguments = { new Transfer("alice", "bob", -42L, 7, true, null), 3L };
		byte[] json = this.codec.encode(this.transfer, arguments);
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo(
				"[{\"from\":\"alice\",\"to\":\"bob\",\"amountCents\":-42,\"count\":7,\"urgent\":true,\"reference\":null},3]");
		assertThat(json).isEqualTo(MAPPER.writeValueAsBytes(arguments));
		assertThat(this.codec.decode(this.transfer, json)).containsExactly(arguments);
		Object[] read = new Object[1];
		int end = PlainRecord.of(Transfer.class).read(json, 1, read, 0);
		assertThat(end).isEqualTo(new String(json, StandardCharsets.UTF_8).indexOf('}') + 1);
		assertThat(read[0]).isEqualTo(arguments[0]);
	}

	@Test
	void anyRecordEncodesAndDecodesAsJacksonAloneDoes() {
		Random random = new Random(17);
		for (int i = 0; i < 20_000; i++) {
			Transfer transfer = random.nextInt(10) == 0 ? null
					: new Transfer(text(random), text(random), random.nextLong(),
							random.nextInt(4) == 0 ? null : random.nextInt(), random.nextBoolean(),
							random.nextBoolean() ? null : text(random));
			Object[] arguments = { transfer, random.nextLong() };
			byte[] json = this.codec.encode(this.transfer, arguments);
			assertThat(json).isEqualTo(MAPPER.writeValueAsBytes(arguments));
			assertThat(this.codec.decode(this.transfer, json)).containsExactly(arguments);
		}
	}

	@Test
	void leavesToJacksonWhatIsNotPlain() {
		PlainRecord plain = PlainRecord.of(Transfer.class);
		for (String json : new String[] {
				"{\"to\":\"b\",\"from\":\"a\",\"amountCents\":1,\"count\":1,\"urgent\":true,\"reference\":null}",
				"{\"from\":\"a\",\"to\":\"b\",\"amountCents\":1,\"count\":1,\"urgent\":true}",
				"{\"from\":\"a\",\"to\":\"b\",\"amountCents\":1,\"count\":1,\"urgent\":true,\"reference\":null,\"x\":1}",
				"{\"from\":\"a\", \"to\":\"b\",\"amountCents\":1,\"count\":1,\"urgent\":true,\"reference\":null}",
				"{\"from\":\"a\",\"to\":\"b\",\"amountCents\":null,\"count\":1,\"urgent\":true,\"reference\":null}",
				"{\"from\":\"d\u00e9j\u00e0\",\"to\":\"b\",\"amountCents\":1,\"count\":1,\"urgent\":true,\"reference\":null}",
				"{\"from\":\"a\",\"to\":\"b\",\"amountCents\":1,\"count\":1,\"urgent\":true,\"reference\":null",
				"[\"a\"]", "{" }) {
			assertThat(plain.read(json.getBytes(StandardCharsets.UTF_8), 0, new Object[1], 0)).as(json).isEqualTo(-1);
		}
		// Jackson reads what the plain path leaves, with its own rules.
		byte[] reordered = ("[{\"to\":\"b\",\"from\":\"a\",\"amountCents\":1,\"count\":2,\"urgent\":false,"
				+ "\"reference\":\"r\"},5]")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(this.codec.decode(this.transfer, reordered))
			.containsExactly(new Transfer("a", "b", 1L, 2, false, "r"), 5L);
	}

	@Test
	void aRecordItsConstructorRejectsFailsAsWithJackson() {
		CommandDefinition command = command("checked", Checked.class);
		assertThat(this.codec.skipsJacksonForPlainValues(command)).isTrue();
		assertThat(this.codec.decode(command, "[{\"name\":\"ok\"}]".getBytes(StandardCharsets.UTF_8)))
			.containsExactly(new Checked("ok"));
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> this.codec.decode(command, "[{\"name\":\"\"}]".getBytes(StandardCharsets.UTF_8)))
			.withMessageStartingWith("arguments of command 'checked' do not decode:");
	}

	@Test
	void recordsJacksonMayTreatItsOwnWayAreLeftToIt() {
		assertThat(PlainRecord.of(Renamed.class)).isNull();
		assertThat(PlainRecord.of(Ignoring.class)).isNull();
		assertThat(PlainRecord.of(Nested.class)).isNull();
		assertThat(PlainRecord.of(Listing.class)).isNull();
		assertThat(PlainRecord.of(Generic.class)).isNull();
		assertThat(PlainRecord.of(String.class)).isNull();
		assertThat(this.codec.skipsJacksonForPlainValues(command("renamed", Renamed.class))).isFalse();
		Object[] renamed = { new Renamed("x") };
		assertThat(this.codec.encode(command("renamed", Renamed.class), renamed))
			.isEqualTo(MAPPER.writeValueAsBytes(renamed));
	}

	@Test
	void aRecordWithPropertiesBeyondItsComponentsIsLeftToJackson() {
		CommandDefinition described = command("described", Described.class);
		assertThat(this.codec.skipsJacksonForPlainValues(described)).isFalse();
		Object[] arguments = { new Described("x") };
		assertThat(new String(this.codec.encode(described, arguments), StandardCharsets.UTF_8))
			.isEqualTo("[{\"name\":\"x\",\"description\":\"named x\"}]");
	}

	@Test
	void aRecordThatImplementsAnInterfaceIsPlainUnlessTheInterfaceCarriesJacksonAnnotations() {
		CommandDefinition named = command("named", Named.class);
		assertThat(this.codec.skipsJacksonForPlainValues(named)).isTrue();
		Object[] arguments = { new Named("x") };
		assertThat(this.codec.encode(named, arguments)).isEqualTo(MAPPER.writeValueAsBytes(arguments));
		assertThat(PlainRecord.of(Hidden.class)).isNull();
	}

	@Test
	void aMapperThatNamesOrMixesInItsOwnWayIsLeftToDoIt() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		JacksonArgumentCodec snakeCaseCodec = new JacksonArgumentCodec(snakeCase);
		assertThat(snakeCaseCodec.skipsJacksonForPlainValues(this.transfer)).isFalse();
		Object[] arguments = { new Transfer("a", "b", 1L, 2, true, "r"), 3L };
		assertThat(new String(snakeCaseCodec.encode(this.transfer, arguments), StandardCharsets.UTF_8))
			.contains("\"amount_cents\":1");
		JsonMapper mixedIn = JsonMapper.builder().addMixIn(Transfer.class, TransferMixIn.class).build();
		JacksonArgumentCodec mixedInCodec = new JacksonArgumentCodec(mixedIn);
		assertThat(mixedInCodec.skipsJacksonForPlainValues(this.transfer)).isFalse();
		assertThat(new String(mixedInCodec.encode(this.transfer, arguments), StandardCharsets.UTF_8))
			.doesNotContain("reference");
	}

	private static String text(Random random) {
		String[] parts = { "a", "Z", " ", "0", "\u00e9", "\"", "\\", "\t", "\u4e2d" };
		StringBuilder text = new StringBuilder();
		int length = random.nextInt(12);
		for (int i = 0; i < length; i++) {
			text.append(parts[random.nextInt(random.nextInt(3) == 0 ? parts.length : 4)]);
		}
		return text.toString();
	}

	private static CommandDefinition command(String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(Commands.class, name, parameterTypes);
		return new CommandDefinition("test", name, method, null, false);
	}

	public record Transfer(String from, String to, long amountCents, @Nullable Integer count, boolean urgent,
			@Nullable String reference) {
	}

	public record Checked(String name) {

		public Checked {
			if (name.isEmpty()) {
				throw new IllegalArgumentException("a name");
			}
		}

	}

	public record Renamed(@JsonProperty("label") String name) {
	}

	public record Ignoring(String name, @JsonIgnore String secret) {
	}

	public record Nested(Checked inner) {
	}

	public record Listing(List<String> names) {
	}

	public record Generic<T>(String name) {
	}

	public record Described(String name) {

		public String getDescription() {
			return "named " + this.name;
		}

	}

	public interface Labelled {

		String name();

	}

	public record Named(String name) implements Labelled {
	}

	public interface Secret {

		@JsonIgnore
		String name();

	}

	public record Hidden(String name) implements Secret {
	}

	abstract static class TransferMixIn {

		@JsonIgnore
		abstract String reference();

	}

	static class Commands {

		public void transfer(Transfer transfer, long sequence) {
		}

		public void checked(Checked checked) {
		}

		public void renamed(Renamed renamed) {
		}

		public void described(Described described) {
		}

		public void named(Named named) {
		}

	}

}
