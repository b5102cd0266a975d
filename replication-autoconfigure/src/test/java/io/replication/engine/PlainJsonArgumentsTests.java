package io.replication.engine;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PlainJsonArguments} and its use by {@link JacksonArgumentCodec}: what
 * it writes is what Jackson writes, what it reads is what Jackson reads, and everything
 * else is left to Jackson.
 */
class PlainJsonArgumentsTests {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final CommandDefinition transfer = command("transfer", String.class, String.class, long.class,
			Integer.class, boolean.class);

	private final PlainJsonArguments plain = PlainJsonArguments.of(this.transfer.method().getGenericParameterTypes());

	@Test
	void writesWhatJacksonWritesAndReadsItBack() {
		Object[] arguments = { "alice", "ref-17", -42L, null, true };
		byte[] json = this.plain.encode(arguments);
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("[\"alice\",\"ref-17\",-42,null,true]");
		assertThat(json).isEqualTo(MAPPER.writeValueAsBytes(arguments));
		assertThat(this.plain.decode(json)).containsExactly("alice", "ref-17", -42L, null, true);
	}

	@Test
	void leavesToJacksonWhatIsNotPlain() {
		assertThat(this.plain.encode(new Object[] { "a \"quote\"", "b", 1L, 1, true })).isNull();
		assertThat(this.plain.encode(new Object[] { "tab\t", "b", 1L, 1, true })).isNull();
		assertThat(this.plain.encode(new Object[] { "emoji \ud83d\ude00", "b", 1L, 1, true })).isNull();
		assertThat(this.plain.encode(new Object[] { "lone? \ud800", "b", 1L, 1, true })).isNull();
		assertThat(this.plain.encode(new Object[] { "lone \udc00", "b", 1L, 1, true })).isNull();
		for (String json : new String[] { "[\"a\\\"b\",\"b\",1,1,true]", "[\"d\u00e9j\u00e0\",\"b\",1,1,true]",
				"[\"a\", \"b\",1,1,true]", "[\"a\",\"b\",01,1,true]", "[\"a\",\"b\",1.0,1,true]",
				"[\"a\",\"b\",1e3,1,true]", "[\"a\",\"b\",1234567890123456789,1,true]", "[\"a\",\"b\",null,1,true]",
				"[\"a\",\"b\",1,2147483648,true]", "[\"a\",\"b\",\"1\",1,true]", "[\"a\",\"b\",1,1,1]",
				"[\"a\",\"b\",1,1]", "[\"a\",\"b\",1,1,true,2]", "[\"a\",\"b\",1,1,true] ", "[\"a\",\"b\",1,1,true",
				"[\"a\",\"b\",-,1,true]", "[\"a\",\"b\",1,1,truex]", "[\"a,\"b\",1,1,true]", "[\"a\",", "[\"a\",\"b\",",
				"[\"a\",\"b\",1,", "[\"a\",\"b\",1,1," }) {
			assertThat(this.plain.decode(json.getBytes(StandardCharsets.UTF_8))).as(json).isNull();
		}
	}

	@Test
	void anyArgumentsEncodeAndDecodeAsJacksonAloneDoes() {
		JacksonArgumentCodec codec = new JacksonArgumentCodec(MAPPER);
		assertThat(codec.skipsJacksonForPlainValues(this.transfer)).isTrue();
		Random random = new Random(17);
		for (int i = 0; i < 20_000; i++) {
			Object[] arguments = { text(random), random.nextBoolean() ? null : text(random), random.nextLong(),
					random.nextInt(4) == 0 ? null : random.nextInt(), random.nextBoolean() };
			byte[] json = codec.encode(this.transfer, arguments);
			assertThat(json).isEqualTo(MAPPER.writeValueAsBytes(arguments));
			assertThat(codec.decode(this.transfer, json)).containsExactly(jacksonDecode(json));
			assertThat(codec.decode(this.transfer, json)).containsExactly(arguments);
		}
	}

	@Test
	void everyByteOfALongerStringIsChecked() {
		JacksonArgumentCodec codec = new JacksonArgumentCodec(MAPPER);
		String letters = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH";
		String[] specials = { "\"", "\\", "\u0001", "\u001f", "\u00e9", "\ud83d\ude00" };
		for (int length = 0; length <= 40; length++) {
			String plainText = letters.substring(0, length);
			Object[] plainArguments = { plainText, "b", 1L, 1, true };
			assertThat(this.plain.decode(MAPPER.writeValueAsBytes(plainArguments))).containsExactly(plainArguments);
			for (int at = 0; at < length; at++) {
				for (String special : specials) {
					String text = plainText.substring(0, at) + special + plainText.substring(at + 1);
					Object[] arguments = { text, "b", 1L, 1, true };
					assertThat(codec.decode(this.transfer, MAPPER.writeValueAsBytes(arguments))).as(text)
						.containsExactly(arguments);
					// Unescaped, each of them makes the JSON one that only Jackson may
					// judge.
					byte[] raw = ("[\"" + text + "\",\"b\",1,1,true]").getBytes(StandardCharsets.UTF_8);
					assertThat(this.plain.decode(raw)).as(text).isNull();
				}
			}
		}
	}

	@Test
	void unreadableArgumentsFailAsWithJackson() {
		JacksonArgumentCodec codec = new JacksonArgumentCodec(MAPPER);
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> codec.decode(this.transfer, "[\"alice\"]".getBytes(StandardCharsets.UTF_8)))
			.withMessage("arguments of command 'transfer': record has 1 arguments, the method takes 5");
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(
					() -> codec.decode(this.transfer, "[\"a\",\"b\",\"many\",1,true]".getBytes(StandardCharsets.UTF_8)))
			.withMessageStartingWith("arguments of command 'transfer' do not decode:");
	}

	@Test
	void aMapperThatWritesNumbersItsOwnWayIsLeftToDoIt() {
		SimpleModule module = new SimpleModule();
		module.addSerializer(Long.class, new ValueSerializer<>() {

			@Override
			public void serialize(Long value, JsonGenerator generator, SerializationContext context) {
				generator.writeString("L" + value);
			}

		});
		module.addDeserializer(Long.class, new ValueDeserializer<>() {

			@Override
			public Long deserialize(JsonParser parser, DeserializationContext context) {
				return Long.parseLong(parser.getString().substring(1));
			}

		});
		JacksonArgumentCodec codec = new JacksonArgumentCodec(JsonMapper.builder().addModule(module).build());
		CommandDefinition put = command("put", String.class, Long.class);
		assertThat(codec.skipsJacksonForPlainValues(put)).isFalse();
		byte[] json = codec.encode(put, new Object[] { "k", 5L });
		assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("[\"k\",\"L5\"]");
		assertThat(codec.decode(put, json)).containsExactly("k", 5L);
	}

	@Test
	void aMapperThatReadsStringsItsOwnWayIsLeftToDoIt() {
		SimpleModule module = new SimpleModule();
		module.addDeserializer(String.class, new ValueDeserializer<>() {

			@Override
			public String deserialize(JsonParser parser, DeserializationContext context) {
				return parser.getString().strip();
			}

		});
		JacksonArgumentCodec codec = new JacksonArgumentCodec(JsonMapper.builder().addModule(module).build());
		CommandDefinition put = command("put", String.class, Long.class);
		assertThat(codec.skipsJacksonForPlainValues(put)).isFalse();
		assertThat(codec.decode(put, "[\" k \",1]".getBytes(StandardCharsets.UTF_8))).containsExactly("k", 1L);
	}

	@Test
	void aMapperThatRefusesASampleIsLeftToJudgeEveryValue() {
		SimpleModule module = new SimpleModule();
		module.addDeserializer(String.class, new ValueDeserializer<>() {

			@Override
			public String deserialize(JsonParser parser, DeserializationContext context) {
				String value = parser.getString();
				if (value.isBlank()) {
					throw context.weirdStringException(value, String.class, "blank");
				}
				return value;
			}

		});
		JacksonArgumentCodec codec = new JacksonArgumentCodec(JsonMapper.builder().addModule(module).build());
		CommandDefinition put = command("put", String.class, Long.class);
		assertThat(codec.skipsJacksonForPlainValues(put)).isFalse();
		assertThat(codec.decode(put, codec.encode(put, new Object[] { "k", 1L }))).containsExactly("k", 1L);
		assertThatExceptionOfType(UnreadableCommandException.class)
			.isThrownBy(() -> codec.decode(put, "[\"\",1]".getBytes(StandardCharsets.UTF_8)));
	}

	@Test
	void methodsWithOtherParameterTypesHaveNoPlainCodec() {
		assertThat(PlainJsonArguments.of(new java.lang.reflect.Type[] { String.class, double.class })).isNull();
		assertThat(PlainJsonArguments.of(new java.lang.reflect.Type[] { Object.class })).isNull();
	}

	// Jackson's own reading of a transfer's arguments.
	private static @Nullable Object[] jacksonDecode(byte[] json) {
		JsonNode array = MAPPER.readTree(json);
		Class<?>[] types = { String.class, String.class, Long.class, Integer.class, Boolean.class };
		@Nullable Object[] arguments = new Object[types.length];
		for (int i = 0; i < types.length; i++) {
			arguments[i] = MAPPER.treeToValue(array.get(i), types[i]);
		}
		return arguments;
	}

	private static @Nullable String text(Random random) {
		int length = random.nextInt(12);
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.append(switch (random.nextInt(10)) {
				case 0 -> (char) random.nextInt(0x20);
				case 1 -> '"';
				case 2 -> '\\';
				case 3 -> (char) (0x80 + random.nextInt(0x700));
				case 4 -> "\ud83d\ude00";
				default -> (char) (0x20 + random.nextInt(0x5f));
			});
		}
		return text.toString();
	}

	private static CommandDefinition command(String name, Class<?>... parameterTypes) {
		Method method = ReflectionUtils.findMethod(Commands.class, name, parameterTypes);
		return new CommandDefinition("test", name, method, null, false);
	}

	static class Commands {

		public void transfer(String from, @Nullable String to, long amount, @Nullable Integer sequence,
				boolean urgent) {
		}

		public void put(String key, Long value) {
		}

	}

}
