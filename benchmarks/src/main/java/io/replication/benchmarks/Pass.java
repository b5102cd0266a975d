package io.replication.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One pass of the starter's measurements: the instances' settings, and the write mode or
 * topology that labels its results when a run measures several.
 *
 * @param writeMode the write mode or topology measured, or {@code null} for the
 * configured one
 * @param settings {@code replication.*} settings of the instances
 */
record Pass(@Nullable String writeMode, Map<String, String> settings) {

	static List<Pass> of(BenchmarkOptions options) {
		if (!options.topologies().isEmpty()) {
			List<Pass> passes = new ArrayList<>();
			for (String topology : options.topologies()) {
				Map<String, String> settings = new LinkedHashMap<>(options.starterSettings());
				settings.put("replication.write-mode", "transactional");
				settings.put("replication.topology", topology);
				settings.put("replication.replicas", String.join(",", ServiceInstances.WRITE_BENCHMARK_REPLICAS));
				passes.add(new Pass(topology, settings));
			}
			return passes;
		}
		if (options.writeModes().isEmpty()) {
			return List.of(new Pass(null, options.starterSettings()));
		}
		List<Pass> passes = new ArrayList<>();
		for (String writeMode : options.writeModes()) {
			Map<String, String> settings = new LinkedHashMap<>(options.starterSettings());
			settings.put("replication.write-mode", writeMode);
			passes.add(new Pass(writeMode, settings));
		}
		return passes;
	}

	Result label(Result result) {
		return (this.writeMode != null) ? result.named(label(result.name())) : result;
	}

	String label(String name) {
		return (this.writeMode != null) ? "[" + this.writeMode + "] " + name : name;
	}

}
