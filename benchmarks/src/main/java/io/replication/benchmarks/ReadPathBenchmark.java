package io.replication.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.replication.ReplicationPosition;
import io.replication.ReplicationPositions;
import io.replication.engine.WriteSessions;
import io.replication.web.ReplicationPositionFilter;
import org.HdrHistogram.Histogram;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * What reads cost: on an instance that has applied a log of 1,000 payloads, one thread
 * reads a plain method, a {@code LOCAL} and a {@code LINEARIZABLE}
 * {@code @ReplicatedRead}, and a {@code LOCAL} read after waiting for a position it has
 * already applied (a request whose {@code Replication-Position} header is satisfied).
 * Then what the header filter adds to a blocking write: the same write called directly
 * and through the filter (with a mock request), twice each, in turn. No other load.
 */
final class ReadPathBenchmark {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final String bootstrapServers;

	private final Map<String, String> settings;

	private final Duration warmup;

	private final Duration duration;

	ReadPathBenchmark(String bootstrapServers, Map<String, String> settings, Duration warmup, Duration duration) {
		this.bootstrapServers = bootstrapServers;
		this.settings = settings;
		this.warmup = warmup;
		this.duration = duration;
	}

	List<Result> run() throws Exception {
		List<Result> results = new ArrayList<>();
		try (ServiceInstances instances = new ServiceInstances(this.bootstrapServers, this.settings,
				ReadBenchmarkApplication.class)) {
			ConfigurableApplicationContext writer = instances.start("writer");
			ConfigurableApplicationContext reader = instances.start("reader");
			ReadableLog written = writer.getBean(ReadableLog.class);
			String payload = Payloads.of(0);
			for (int i = 0; i < 1000; i++) {
				written.append(payload);
			}
			ReplicationPositions positions = reader.getBean(ReplicationPositions.class);
			positions.awaitApplied(writer.getBean(ReplicationPositions.class).written(), WAIT);
			ReadableLog log = reader.getBean(ReadableLog.class);
			results.add(measure("read: plain method", log::size));
			results.add(measure("read: @ReplicatedRead LOCAL", log::sizeLocal));
			results.add(measure("read: @ReplicatedRead LINEARIZABLE", log::sizeLinearizable));
			ReplicationPosition satisfied = positions.applied();
			results.add(measure("read: position already applied, then LOCAL", () -> {
				positions.awaitApplied(satisfied, WAIT);
				return log.sizeLocal();
			}));
			ReplicationPositionFilter filter = new ReplicationPositionFilter(writer.getBean(ReplicationPositions.class),
					writer.getBean(WriteSessions.class), WAIT);
			for (int round = 1; round <= 2; round++) {
				results.add(measure("write: blocking, called directly (round " + round + ")",
						() -> written.append(payload)));
				results.add(measure("write: blocking, through the header filter (round " + round + ")", () -> {
					MockHttpServletResponse response = new MockHttpServletResponse();
					filter.doFilter(new MockHttpServletRequest("POST", "/payloads"), response, (request, filtered) -> {
						written.append(payload);
						filtered.getOutputStream();
					});
					return response.getHeader(ReplicationPosition.HEADER);
				}));
			}
		}
		return results;
	}

	private Result measure(String name, Callable<?> operation) throws Exception {
		Histogram histogram = new Histogram(3);
		long warmupEnd = System.nanoTime() + this.warmup.toNanos();
		while (System.nanoTime() < warmupEnd) {
			operation.call();
		}
		long start = System.nanoTime();
		long end = start + this.duration.toNanos();
		long count = 0;
		long now = start;
		while (now < end) {
			operation.call();
			long done = System.nanoTime();
			histogram.recordValue(done - now);
			now = done;
			count++;
		}
		double seconds = (now - start) / 1e9;
		return Result.rate(name, count / seconds,
				Map.of("p50Micros", micros(histogram.getValueAtPercentile(50)), "p99Micros",
						micros(histogram.getValueAtPercentile(99)), "p999Micros",
						micros(histogram.getValueAtPercentile(99.9))));
	}

	private static double micros(long nanos) {
		return Math.round(nanos / 10.0) / 100.0;
	}

}
