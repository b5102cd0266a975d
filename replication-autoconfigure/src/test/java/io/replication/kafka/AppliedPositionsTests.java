package io.replication.kafka;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link AppliedPositions}.
 */
class AppliedPositionsTests {

	private final AppliedPositions positions = new AppliedPositions();

	@Test
	void aPartitionWithNothingAppliedHasNoPositionEvenOnceItsSlotExists() {
		assertThat(this.positions.get(0)).isNull();
		assertThat(this.positions.slot(0).get()).isNull();
		assertThat(this.positions.get(0)).isNull();
		assertThat(this.positions.copy()).isEmpty();
	}

	@Test
	void whatASlotRecordsIsThePartitionsPosition() {
		this.positions.slot(1).setRelease(new AppliedPosition(7, 70));
		this.positions.put(2, new AppliedPosition(3, 30));
		assertThat(this.positions.get(1)).isEqualTo(new AppliedPosition(7, 70));
		assertThat(this.positions.slot(2).get()).isEqualTo(new AppliedPosition(3, 30));
		assertThat(this.positions.copy())
			.isEqualTo(Map.of(1, new AppliedPosition(7, 70), 2, new AppliedPosition(3, 30)));
	}

	@Test
	void aCopyIsTakenAtOnceAndCannotBeChanged() {
		this.positions.put(0, new AppliedPosition(1, 10));
		Map<Integer, AppliedPosition> copy = this.positions.copy();
		this.positions.slot(0).set(new AppliedPosition(2, 20));
		assertThat(copy).isEqualTo(Map.of(0, new AppliedPosition(1, 10)));
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> copy.put(1, new AppliedPosition(1, 10)));
	}

}
