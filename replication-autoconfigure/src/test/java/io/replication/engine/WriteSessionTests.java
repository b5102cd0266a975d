package io.replication.engine;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.replication.ReplicationPosition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriteSession}.
 */
class WriteSessionTests {

	@Test
	void aSessionThatWroteNothingIsEmpty() {
		assertThat(new WriteSession().written()).isSameAs(ReplicationPosition.EMPTY);
	}

	@Test
	void writtenHoldsTheFurthestOffsetOfEachPartitionOfEachState() {
		WriteSession session = new WriteSession();
		session.written(new Position("ledger", 0, 41));
		session.written(new Position("ledger", 1, 7));
		session.written(new Position("audit", 0, 3));
		// A write applied after a later one of the same session moves nothing back.
		session.written(new Position("ledger", 0, 12));
		ReplicationPosition written = session.written();
		assertThat(written.offsets("ledger")).isEqualTo(Map.of(0, 42L, 1, 8L));
		assertThat(written.offsets("audit")).isEqualTo(Map.of(0, 4L));
		assertThat(written.toHeader()).isEqualTo("audit:0=4;ledger:0=42,1=8");
	}

	@Test
	void eachWriteMovesThePositionOn() {
		WriteSession session = new WriteSession();
		session.written(new Position("ledger", 0, 1));
		ReplicationPosition first = session.written();
		assertThat(session.written()).isSameAs(first);
		session.written(new Position("ledger", 0, 2));
		assertThat(session.written().offsets("ledger")).isEqualTo(Map.of(0, 3L));
		assertThat(first.offsets("ledger")).isEqualTo(Map.of(0, 2L));
	}

}
