package io.replication.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One instance of the benchmarked service with a {@link PayloadTally} in place of the
 * {@link PayloadLog}.
 */
// No component scan: each benchmark's application declares its state, and only it.
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class PayloadTallyApplication {

	@Bean
	PayloadTally payloadTally() {
		return new PayloadTally();
	}

}
