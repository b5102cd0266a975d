package io.replication.keyed;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A service with a keyed state of several partitions, run as a process of its own by the
 * keyed crash audit. It lives outside the sample's package so that the sample does not
 * pick it up.
 */
@SpringBootApplication
public class KeyedDepositsApplication {

	public static void main(String[] args) {
		SpringApplication.run(KeyedDepositsApplication.class, args);
	}

}
