package io.replication.testapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A service with one snapshotted state.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(Accounts.class)
public class AccountsApplication {

}
