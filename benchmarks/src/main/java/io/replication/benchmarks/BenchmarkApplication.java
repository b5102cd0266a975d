package io.replication.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One instance of the benchmarked service: the starter and a {@link PayloadLog}.
 */
// No component scan: each benchmark's application declares its state, and only it.
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class BenchmarkApplication {

	@Bean
	PayloadLog payloadLog() {
		return new PayloadLog();
	}

}
