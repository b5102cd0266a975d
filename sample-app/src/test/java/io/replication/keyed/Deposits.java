package io.replication.keyed;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;

import org.springframework.stereotype.Component;

/**
 * Deposits keyed by account: each command touches only its own account's entry, so the
 * partitions' apply threads never share data.
 */
@Component
@ReplicatedState("deposits")
public class Deposits {

	private final Map<String, List<String>> references = new ConcurrentHashMap<>();

	@ReplicatedWrite(key = "#p0")
	public void deposit(String account, String reference) {
		List<String> entries = this.references.computeIfAbsent(account, (key) -> new ArrayList<>());
		synchronized (entries) {
			entries.add(reference);
		}
	}

	/**
	 * Every account's references, in the order they were applied.
	 * @return the references by account
	 */
	public Map<String, List<String>> references() {
		Map<String, List<String>> copy = new TreeMap<>();
		this.references.forEach((account, references) -> {
			synchronized (references) {
				copy.put(account, List.copyOf(references));
			}
		});
		return copy;
	}

}
