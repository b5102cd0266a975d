package io.replication.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A service with one state whose snapshots do not read back.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Tallies.class)
public class TalliesApplication {

}
