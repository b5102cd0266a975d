package io.replication.benchmarks;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * One instance of the benchmarked service: the starter and a {@link PayloadLog}.
 */
@SpringBootApplication(proxyBeanMethods = false)
class BenchmarkApplication {

	@Bean
	PayloadLog payloadLog() {
		return new PayloadLog();
	}

}
