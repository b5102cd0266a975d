package io.replication.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A service with one keyed, snapshotted state.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Counters.class)
public class CountersApplication {

}
