package io.replication.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The ledger service, recording its readiness changes.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ Ledger.class, Audit.class, ReadinessRecorder.class })
public class RecordingLedgerApplication {

}
