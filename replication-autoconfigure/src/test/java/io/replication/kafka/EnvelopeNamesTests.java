package io.replication.kafka;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Names decoded from envelopes, and reused when the bytes repeat.
 */
class EnvelopeNamesTests {

	private final EnvelopeNames names = new EnvelopeNames();

	@Test
	void sameBytesGiveTheSameString() {
		String first = decode("xx deposit yy", 3, 7);
		String second = decode("deposit", 0, 7);
		assertThat(first).isEqualTo("deposit");
		assertThat(second).isSameAs(first);
	}

	@Test
	void manyNamesSharingSlotsEachDecodeToThemselves() {
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			written.add("command-" + i);
		}
		for (int round = 0; round < 2; round++) {
			for (String name : written) {
				assertThat(decode(name, 0, name.getBytes(StandardCharsets.UTF_8).length)).isEqualTo(name);
			}
		}
	}

	@Test
	void nonAsciiNamesDecodeAsUtf8() {
		String name = "nœud-ü-節点";
		int length = name.getBytes(StandardCharsets.UTF_8).length;
		assertThat(decode(name, 0, length)).isEqualTo(name);
		assertThat(decode(name, 0, length)).isSameAs(decode(name, 0, length));
	}

	@Test
	void longNamesAreDecodedButNotKept() {
		String name = "n".repeat(300);
		String first = decode(name, 0, 300);
		assertThat(first).isEqualTo(name);
		assertThat(decode(name, 0, 300)).isEqualTo(name).isNotSameAs(first);
	}

	@Test
	void emptyNameDecodes() {
		assertThat(decode("abc", 1, 0)).isEmpty();
	}

	@Test
	void repeatedNamesAreHandedBackWholeAndChangedOnesAreDecoded() {
		EnvelopeNames.Names first = decodeNames(encoded("ledger", "deposit", "node-1"));
		assertThat(decodeNames(encoded("ledger", "deposit", "node-1"))).isSameAs(first);
		EnvelopeNames.Names other = decodeNames(encoded("ledger", "deposit", "node-2"));
		assertThat(other.origin()).isEqualTo("node-2");
		assertThat(other.state()).isSameAs(first.state());
		EnvelopeNames.Names again = decodeNames(encoded("ledger", "deposit", "node-1"));
		assertThat(again.origin()).isEqualTo("node-1");
		assertThat(again.encodedLength()).isEqualTo(first.encodedLength());
	}

	@Test
	void setsOfNamesTakingTurnsAreEachHandedBackWhole() {
		EnvelopeNames.Names deposit = decodeNames(encoded("ledger", "deposit", "node-1"));
		EnvelopeNames.Names withdraw = decodeNames(encoded("ledger", "withdraw", "node-1"));
		EnvelopeNames.Names otherWriter = decodeNames(encoded("ledger", "deposit", "node-2"));
		for (int i = 0; i < 3; i++) {
			assertThat(decodeNames(encoded("ledger", "deposit", "node-1"))).isSameAs(deposit);
			assertThat(decodeNames(encoded("ledger", "withdraw", "node-1"))).isSameAs(withdraw);
			assertThat(decodeNames(encoded("ledger", "deposit", "node-2"))).isSameAs(otherWriter);
		}
		assertThat(withdraw.command()).isEqualTo("withdraw");
		assertThat(otherWriter.origin()).isEqualTo("node-2");
	}

	@Test
	void manySetsSharingSlotsEachDecodeToThemselves() {
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < 1000; i++) {
				EnvelopeNames.Names read = decodeNames(encoded("ledger", "command-" + i, "node-" + (i % 3)));
				assertThat(read.state()).isEqualTo("ledger");
				assertThat(read.command()).isEqualTo("command-" + i);
				assertThat(read.origin()).isEqualTo("node-" + (i % 3));
			}
		}
	}

	@Test
	void namesAreReadFromTheirOffsetOnly() {
		byte[] names = encoded("ab", "c", "");
		byte[] framed = new byte[names.length + 5];
		System.arraycopy(names, 0, framed, 3, names.length);
		EnvelopeNames.Names read = this.names.decodeNames(framed, 3, 3 + names.length);
		assertThat(read.state()).isEqualTo("ab");
		assertThat(read.command()).isEqualTo("c");
		assertThat(read.origin()).isEmpty();
		assertThat(read.encodedLength()).isEqualTo(names.length);
		EnvelopeNames.Names moved = decodeNames(encoded("a", "bc", ""));
		assertThat(moved.state()).isEqualTo("a");
		assertThat(moved.command()).isEqualTo("bc");
	}

	@Test
	void namesMayNotRunPastTheLimitEvenWhereTheArrayGoesOn() {
		byte[] names = encoded("ab", "c", "de");
		byte[] framed = Arrays.copyOf(names, names.length + 8);
		for (int limit = 0; limit < names.length; limit++) {
			int cut = limit;
			assertThatExceptionOfType(BufferUnderflowException.class)
				.isThrownBy(() -> this.names.decodeNames(framed, 0, cut));
		}
		assertThat(this.names.decodeNames(framed, 0, names.length).origin()).isEqualTo("de");
	}

	private EnvelopeNames.Names decodeNames(byte[] source) {
		return this.names.decodeNames(source, 0, source.length);
	}

	private static byte[] encoded(String... names) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (String name : names) {
			byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
			out.write(utf8.length >>> 8);
			out.write(utf8.length & 0xFF);
			out.writeBytes(utf8);
		}
		return out.toByteArray();
	}

	private String decode(String text, int offset, int length) {
		return this.names.decode(text.getBytes(StandardCharsets.UTF_8), offset, length);
	}

}
