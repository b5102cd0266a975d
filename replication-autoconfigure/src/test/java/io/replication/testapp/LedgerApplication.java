package io.replication.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A service with two replicated states.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ Ledger.class, Audit.class })
public class LedgerApplication {

}
