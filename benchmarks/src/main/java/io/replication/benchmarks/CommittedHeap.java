package io.replication.benchmarks;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;

/**
 * Keeps the heap a phase grew committed through the harness's own full collections. The
 * harness calls {@code System.gc()} to measure a state's heap and to drop the last
 * instance's state; each such collection gave back to the OS the heap an earlier phase
 * had grown, so the next phase that made G1 grow it again paid a page fault for every
 * fresh page it allocated in, and which phase that was followed G1's pause-time
 * heuristics rather than the code measured.
 */
final class CommittedHeap {

	private static final String MAX_HEAP_FREE_RATIO = "MaxHeapFreeRatio";

	private CommittedHeap() {
	}

	/**
	 * Stop full collections from shrinking the heap, unless the command line set
	 * {@code -XX:MaxHeapFreeRatio} itself.
	 * @return the flag's value and where it came from, for the report; on a JVM without
	 * the flag, why it was left alone
	 */
	static String keep() {
		try {
			HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			VMOption option = hotSpot.getVMOption(MAX_HEAP_FREE_RATIO);
			if (option.getOrigin() == VMOption.Origin.DEFAULT) {
				// A heap is shrunk after a full collection only while more than this
				// share of it is free: at 100 it never is.
				hotSpot.setVMOption(MAX_HEAP_FREE_RATIO, "100");
				option = hotSpot.getVMOption(MAX_HEAP_FREE_RATIO);
			}
			return option.getValue() + " (" + option.getOrigin() + ")";
		}
		catch (IllegalArgumentException ex) {
			// A JVM without HotSpot's flags: measure on its own heap policy, and say so.
			return "left as the JVM has it (" + ex.getMessage() + ")";
		}
	}

}
