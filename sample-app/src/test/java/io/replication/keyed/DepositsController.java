package io.replication.keyed;

import java.util.List;
import java.util.Map;

import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Deposits over HTTP: 200 when applied here, 503 when certainly applied nowhere, 500 when
 * unknown.
 */
@RestController
class DepositsController {

	private final Deposits deposits;

	DepositsController(Deposits deposits) {
		this.deposits = deposits;
	}

	@PostMapping("/deposits/{account}/{reference}")
	void deposit(@PathVariable String account, @PathVariable String reference) {
		this.deposits.deposit(account, reference);
	}

	@GetMapping("/deposits")
	Map<String, List<String>> references() {
		return this.deposits.references();
	}

	@ExceptionHandler
	ResponseEntity<String> rejected(WriteRejectedException ex) {
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<String> unknown(WriteOutcomeUnknownException ex) {
		return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ex.getMessage());
	}

}
