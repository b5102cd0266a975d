package io.replication.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One instance of the service of the peer comparison: the starter and a
 * {@link KeyValues}.
 */
// No component scan: each benchmark's application declares its state, and only it.
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class PeerBenchmarkApplication {

	@Bean
	KeyValues keyValues() {
		return new KeyValues();
	}

}
