package io.replication.sample.web;

import java.net.URI;
import java.util.Map;
import java.util.TreeMap;

import io.replication.PositionNotReachedException;
import io.replication.WriteOutcomeUnknownException;
import io.replication.WriteRejectedException;
import io.replication.sample.ledger.AccountExistsException;
import io.replication.sample.ledger.InsufficientFundsException;
import io.replication.sample.ledger.LedgerException;
import io.replication.sample.ledger.UnknownAccountException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every error with an RFC 9457 problem: Spring MVC's own (400 for unreadable or
 * invalid input, 404, 405, 415) with the invalid fields named, and the ledger's refusals.
 *
 * @author replication
 */
@RestControllerAdvice
class LedgerProblemHandler extends ResponseEntityExceptionHandler {

	@ExceptionHandler
	ProblemDetail unknownAccount(UnknownAccountException ex) {
		return problem(HttpStatus.NOT_FOUND, "unknown-account", "Unknown account", ex);
	}

	@ExceptionHandler
	ProblemDetail accountExists(AccountExistsException ex) {
		return problem(HttpStatus.CONFLICT, "account-exists", "Account already open", ex);
	}

	@ExceptionHandler
	ProblemDetail insufficientFunds(InsufficientFundsException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "insufficient-funds", "Insufficient funds", ex);
		problem.setProperty("balance", ex.getBalance());
		problem.setProperty("amount", ex.getAmount());
		return problem;
	}

	/**
	 * The write was certainly not replicated and never will be (queue full, this instance
	 * fenced or halted, Kafka refused it, or it was still queued when the write timeout
	 * passed): applied nowhere, so safe to retry.
	 */
	@ExceptionHandler
	ProblemDetail writeRejected(WriteRejectedException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "write-rejected", "Write rejected", ex.getMessage());
	}

	/**
	 * Whether the write reached the log could not be learned within the write timeout
	 * (Kafka unreachable): it may still be applied, so a client retrying it must be
	 * prepared to find it done (the transfer's reference tells).
	 */
	@ExceptionHandler
	ProblemDetail writeOutcomeUnknown(WriteOutcomeUnknownException ex) {
		return problem(HttpStatus.GATEWAY_TIMEOUT, "write-outcome-unknown", "Write outcome unknown", ex.getMessage());
	}

	/**
	 * A linearizable read could not catch up with the log within
	 * {@code replication.read.timeout}, or Kafka did not say where the log ends: another
	 * instance, or a retry, may serve it.
	 */
	@ExceptionHandler
	ProblemDetail positionNotReached(PositionNotReachedException ex) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "replication-position-not-reached",
				"Not caught up with the log", ex.getMessage());
		problem.setProperty("state", ex.getState());
		problem.setProperty("recordsBehind", ex.getRecordsBehind());
		return problem;
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The body is not the JSON this call takes");
		if (ex.getCause() instanceof JacksonException json && !json.getPath().isEmpty()) {
			problem.setDetail("The body is not the JSON this call takes, at '" + fieldPath(json) + "'");
		}
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = invalid(status);
		problem.setProperty("errors", messagesByField(ex.getBindingResult()));
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleHandlerMethodValidationException(
			HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		Map<String, String> errors = new TreeMap<>();
		ex.getParameterValidationResults().forEach((result) -> {
			if (result instanceof ParameterErrors body) {
				errors.putAll(messagesByField(body));
			}
			else {
				result.getResolvableErrors()
					.forEach((error) -> errors.putIfAbsent(result.getMethodParameter().getParameterName(),
							error.getDefaultMessage()));
			}
		});
		ProblemDetail problem = invalid(status);
		problem.setProperty("errors", errors);
		return handleExceptionInternal(ex, problem, headers, status, request);
	}

	// "transfers[2].amount": the client's view of the body, not the Java types behind it.
	private static String fieldPath(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static ProblemDetail invalid(HttpStatusCode status) {
		return ProblemDetail.forStatusAndDetail(status, "The request is invalid; see errors");
	}

	private static Map<String, String> messagesByField(Errors errors) {
		Map<String, String> messages = new TreeMap<>();
		for (ObjectError error : errors.getAllErrors()) {
			String name = (error instanceof FieldError field) ? field.getField() : error.getObjectName();
			messages.putIfAbsent(name, error.getDefaultMessage());
		}
		return messages;
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, LedgerException ex) {
		ProblemDetail problem = problem(status, type, title, ex.getMessage());
		problem.setProperty("account", ex.getAccount());
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("/problems/" + type));
		problem.setTitle(title);
		return problem;
	}

}
