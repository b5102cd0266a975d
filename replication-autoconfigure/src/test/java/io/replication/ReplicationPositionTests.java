package io.replication;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Positions, their header form and their merge, without a broker.
 */
class ReplicationPositionTests {

	@Test
	void headerFormRoundTripsSortedByStateAndPartition() {
		ReplicationPosition position = ReplicationPosition.parse("ledger:1=7,0=1042;audit:0=17");
		assertThat(position.toHeader()).isEqualTo("audit:0=17;ledger:0=1042,1=7");
		assertThat(ReplicationPosition.parse(position.toHeader())).isEqualTo(position);
		assertThat(position.offsets("ledger")).containsExactly(Map.entry(0, 1042L), Map.entry(1, 7L));
		assertThat(position.states()).containsExactly("audit", "ledger");
	}

	@Test
	void mergeKeepsTheFurthestOffsetOfEachPartition() {
		ReplicationPosition merged = ReplicationPosition.parse("ledger:0=5,1=9")
			.merge(ReplicationPosition.parse("ledger:0=8;audit:0=1"));
		assertThat(merged.toHeader()).isEqualTo("audit:0=1;ledger:0=8,1=9");
		assertThat(ReplicationPosition.EMPTY.merge(merged)).isEqualTo(merged);
	}

	@Test
	void blankHeaderIsNoPosition() {
		assertThat(ReplicationPosition.parse(" ")).isEqualTo(ReplicationPosition.EMPTY);
		assertThat(ReplicationPosition.EMPTY.toHeader()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = { "ledger|'ledger' is not <state>:<partition>=<offset>",
			"ledger:0|'0' of state 'ledger' is not <partition>=<offset>",
			"ledger:0=x|'x' of state 'ledger' is not a number", "ledger:-1=5|'-1' of state 'ledger' is not a number",
			"led ger:0=1|'led ger' is not a state name", "ledger:0=1;ledger:0=2|state 'ledger' appears twice",
			"ledger:0=1,0=2|partition 0 of state 'ledger' appears twice",
			"ledger:0=99999999999999999999|'99999999999999999999' of state 'ledger' is not a number",
			"ledger:3000000000=1|'3000000000' of state 'ledger' is too large" })
	void malformedHeaderIsRefusedSayingWhy(String header, String message) {
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicationPosition.parse(header)).withMessage(message);
	}

	@Test
	void headerNamingTooManyStatesIsRefused() {
		StringBuilder header = new StringBuilder();
		for (int i = 0; i < 17; i++) {
			header.append((i > 0) ? ";" : "").append("s").append(i).append(":0=1");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> ReplicationPosition.parse(header.toString()))
			.withMessage("more than 16 states");
	}

}
