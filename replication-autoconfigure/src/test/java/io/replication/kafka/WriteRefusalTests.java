package io.replication.kafka;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.replication.engine.Position;
import io.replication.status.StateHalt;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Why a state stops taking writes, without a broker.
 */
class WriteRefusalTests {

	private final List<String> told = new ArrayList<>();

	private final WriteRefusal refusal = new WriteRefusal("ledger", this.told::add, "another process");

	@Test
	void stateTakesWritesUntilRefused() {
		assertThat(this.refusal.reason()).isNull();
		assertThat(this.refusal.fenced()).isNull();
		assertThat(this.told).isEmpty();
	}

	@Test
	void firstReasonStandsAndIsToldOnce() {
		this.refusal.fence("its producer was fenced");
		this.refusal.halt(new StateHalt(new Position("ledger", 0, 7), "boom", Instant.EPOCH));
		assertThat(this.refusal.reason()).contains("fenced by another process", "its producer was fenced");
		assertThat(this.told).containsExactly(this.refusal.reason());
	}

	@Test
	void haltRefusesWritesWithoutCallingItAFencing() {
		this.refusal.halt(new StateHalt(new Position("ledger", 0, 7), "boom", Instant.EPOCH));
		assertThat(this.refusal.reason()).contains("halted at", "boom");
		assertThat(this.refusal.fenced()).isNull();
	}

	@Test
	void fencingAfterAHaltIsStillRecordedAsAFencing() {
		this.refusal.halt(new StateHalt(new Position("ledger", 0, 7), "boom", Instant.EPOCH));
		this.refusal.fence("its consumer was fenced");
		assertThat(this.refusal.reason()).contains("halted at");
		assertThat(this.refusal.fenced()).contains("its consumer was fenced");
		assertThat(this.told).hasSize(1);
	}

}
