package io.replication.benchmarks;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The results of a run and the targets checked against them, printed as a table and
 * written as JSON.
 */
final class Report {

	private final Map<String, Object> run;

	private final List<Result> results = new ArrayList<>();

	private final List<Target> targets = new ArrayList<>();

	Report(Map<String, Object> run) {
		this.run = run;
	}

	void add(Result result) {
		this.results.add(result);
	}

	void check(String target, double figure, double bound, boolean met) {
		this.targets.add(new Target(target, figure, bound, met));
	}

	void print(PrintStream out) {
		out.println();
		out.println("starter settings beyond defaults: " + this.run.get("starterSettingsBeyondDefaults"));
		out.println("JVM arguments: " + this.run.get("jvmArguments"));
		out.println("MaxHeapFreeRatio: " + this.run.get("maxHeapFreeRatio"));
		out.printf("%-55s %12s %9s %9s %9s  %s%n", "measurement", "per second", "p50 ms", "p99 ms", "p99.9 ms",
				"other");
		for (Result result : this.results) {
			Latencies.Percentiles latency = result.latency();
			out.printf(Locale.ROOT, "%-55s %12s %9s %9s %9s  %s%n", result.name(),
					(result.rate() != null) ? String.format(Locale.ROOT, "%,.0f", result.rate()) : "",
					(latency != null) ? format(latency.p50()) : "", (latency != null) ? format(latency.p99()) : "",
					(latency != null) ? format(latency.p999()) : "", result.figures());
		}
		out.println();
		for (Target target : this.targets) {
			out.printf(Locale.ROOT, "%-4s %s: %s (bound %s)%n", target.met() ? "MET" : "MISS", target.name(),
					format(target.figure()), format(target.bound()));
		}
	}

	void write(Path file) throws Exception {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("run", this.run);
		document.put("results", this.results);
		document.put("targets", this.targets);
		Files.createDirectories(file.toAbsolutePath().getParent());
		JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), document);
	}

	private static String format(double value) {
		return String.format(Locale.ROOT, (Math.abs(value) < 100) ? "%.2f" : "%,.0f", value);
	}

	record Target(String name, double figure, double bound, boolean met) {

	}

}
