package io.replication.testapp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationListener;

/**
 * Records each readiness change with how many ledger commands were applied at that
 * moment.
 */
public class ReadinessRecorder implements ApplicationListener<AvailabilityChangeEvent<ReadinessState>> {

	private final Ledger ledger;

	private final List<Change> changes = new CopyOnWriteArrayList<>();

	public ReadinessRecorder(Ledger ledger) {
		this.ledger = ledger;
	}

	@Override
	public void onApplicationEvent(AvailabilityChangeEvent<ReadinessState> event) {
		this.changes.add(new Change(event.getState(), this.ledger.applied()));
	}

	public List<Change> changes() {
		return List.copyOf(this.changes);
	}

	public record Change(ReadinessState state, long applied) {

	}

}
