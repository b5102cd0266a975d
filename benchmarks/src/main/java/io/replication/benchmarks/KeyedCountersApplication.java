package io.replication.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * One instance of the keyed measurement's service: the starter and a
 * {@link KeyedCounters}.
 */
// No component scan: each benchmark's application declares its state, and only it.
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
class KeyedCountersApplication {

	@Bean
	KeyedCounters keyedCounters() {
		return new KeyedCounters();
	}

}
