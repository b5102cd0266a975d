package io.replication.sample.web;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.replication.sample.ledger.Account;
import io.replication.sample.ledger.AccountExistsException;
import io.replication.sample.ledger.Entry;
import io.replication.sample.ledger.Ledger;
import io.replication.sample.ledger.LedgerSummary;
import io.replication.sample.ledger.Transfer;
import io.replication.sample.ledger.UnknownAccountException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The ledger over HTTP. A write answers once this instance has applied it; a read answers
 * from this instance's state.
 * <p>
 * Input is validated and the accounts it names are looked up before anything is written,
 * so a bad request never reaches the log. Accounts are never closed, so an account this
 * instance knows is known to every instance that has caught up; the overdraft check needs
 * the log order and is made when the command is applied.
 *
 * @author replication
 */
@RestController
class LedgerController {

	private final Ledger ledger;

	LedgerController(Ledger ledger) {
		this.ledger = ledger;
	}

	@PostMapping("/accounts")
	ResponseEntity<Account> open(@Valid @RequestBody OpenAccountRequest request, UriComponentsBuilder uris) {
		if (this.ledger.account(request.id()).isPresent()) {
			throw new AccountExistsException(request.id());
		}
		Account account = this.ledger.open(request.id());
		URI location = uris.path("/accounts/{id}").buildAndExpand(account.id()).toUri();
		return ResponseEntity.created(location).body(account);
	}

	@GetMapping("/accounts")
	List<Account> accounts() {
		return this.ledger.accounts();
	}

	/**
	 * One account: as this instance applied it, or with {@code consistency=linearizable}
	 * once this instance has applied every write committed before the call.
	 */
	@GetMapping("/accounts/{id}")
	Account account(@PathVariable @AccountId String id,
			@RequestParam(defaultValue = "local") @Pattern(regexp = "(?i)local|linearizable",
					message = "must be local or linearizable") String consistency) {
		Optional<Account> account = "linearizable".equalsIgnoreCase(consistency) ? this.ledger.latestAccount(id)
				: this.ledger.account(id);
		return account.orElseThrow(() -> new UnknownAccountException(id));
	}

	@PostMapping("/accounts/{id}/deposits")
	Account deposit(@PathVariable @AccountId String id, @Valid @RequestBody AmountRequest request) {
		requireKnown(id);
		return this.ledger.deposit(id, request.amount(), reference(request.reference()));
	}

	@PostMapping("/accounts/{id}/withdrawals")
	Account withdraw(@PathVariable @AccountId String id, @Valid @RequestBody AmountRequest request) {
		requireKnown(id);
		return this.ledger.withdraw(id, request.amount(), reference(request.reference()));
	}

	@PostMapping("/transfers")
	Transfer transfer(@Valid @RequestBody TransferRequest request) {
		requireKnown(request.from());
		requireKnown(request.to());
		return this.ledger.transfer(request.from(), request.to(), request.amount(), reference(request.reference()));
	}

	@GetMapping("/accounts/{id}/entries")
	List<Entry> entries(@PathVariable @AccountId String id) {
		return this.ledger.entries(id).orElseThrow(() -> new UnknownAccountException(id));
	}

	@GetMapping("/summary")
	LedgerSummary summary() {
		return this.ledger.summary();
	}

	// Made here, before the append, so that every instance records the same one.
	private static String reference(@Nullable String reference) {
		return (reference != null) ? reference : UUID.randomUUID().toString();
	}

	private void requireKnown(String id) {
		if (this.ledger.account(id).isEmpty()) {
			throw new UnknownAccountException(id);
		}
	}

}
