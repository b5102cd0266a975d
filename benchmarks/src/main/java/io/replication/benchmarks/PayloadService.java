package io.replication.benchmarks;

import java.util.List;

/**
 * A benchmarked service and the payload state it replicates.
 *
 * @param description how results name the state, e.g. "state keeps every payload"
 * @param application the service's application class
 * @param stateType the state bean's type
 * @param stateName the state's name, which names its topic
 */
record PayloadService(String description, Class<?> application, Class<? extends PayloadState> stateType,
		String stateName) {

	/**
	 * The service whose state keeps every payload: its heap grows with the log.
	 */
	static final PayloadService KEEPS_EVERY_PAYLOAD = new PayloadService("state keeps every payload",
			BenchmarkApplication.class, PayloadLog.class, PayloadLog.STATE);

	/**
	 * The service whose state keeps a count and the payloads' total length.
	 */
	static final PayloadService KEEPS_A_TALLY = new PayloadService("state keeps a tally", PayloadTallyApplication.class,
			PayloadTally.class, PayloadTally.STATE);

	/**
	 * Both services, the state that keeps every payload first.
	 */
	static final List<PayloadService> BOTH = List.of(KEEPS_EVERY_PAYLOAD, KEEPS_A_TALLY);

}
