package io.replication.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One instance of the service the read benchmark measures: the starter and a
 * {@link ReadableLog}.
 */
// No component scan: each benchmark's application declares its state, and only it.
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class ReadBenchmarkApplication {

	@Bean
	ReadableLog readableLog() {
		return new ReadableLog();
	}

}
