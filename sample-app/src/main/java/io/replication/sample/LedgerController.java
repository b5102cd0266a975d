package io.replication.sample;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP access to the ledger. Writes return once this instance has applied them.
 *
 * @author replication
 */
@RestController
class LedgerController {

	private final Ledger ledger;

	LedgerController(Ledger ledger) {
		this.ledger = ledger;
	}

	@GetMapping("/accounts")
	Map<String, Long> accounts() {
		return this.ledger.balances();
	}

	@PostMapping("/accounts/{account}/deposits")
	Map<String, Long> deposit(@PathVariable String account, @RequestParam long amount) {
		return Map.of(account, this.ledger.deposit(account, amount));
	}

	@PostMapping("/transfers")
	Map<String, Long> transfer(@RequestParam String from, @RequestParam String to, @RequestParam long amount) {
		this.ledger.transfer(from, to, amount);
		return this.ledger.balances();
	}

}
