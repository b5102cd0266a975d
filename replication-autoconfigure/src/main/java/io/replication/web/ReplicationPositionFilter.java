package io.replication.web;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.replication.PositionNotReachedException;
import io.replication.ReplicationPosition;
import io.replication.ReplicationPositions;
import io.replication.engine.WriteSessions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Read-your-writes on any instance over plain HTTP. Every response carries the
 * {@value ReplicationPosition#HEADER} header: the positions this instance had applied
 * when it answered, merged with those the request brought and those its own writes
 * reached. A request that brings the header is held until this instance has applied it
 * ({@code replication.read.timeout} at most), then handled; so a client that echoes the
 * last header it saw never reads older data than it has seen, whichever instance answers.
 * <p>
 * A malformed header, or one naming a state or partition this instance does not have, is
 * answered 400; a wait that times out is answered 503 with the state and how far behind
 * this instance is. Both are RFC 9457 problems, and the request is not handled.
 *
 * @author replication
 */
public class ReplicationPositionFilter extends OncePerRequestFilter {

	private static final String PROBLEM_JSON = "application/problem+json";

	private final ReplicationPositions positions;

	private final WriteSessions sessions;

	private final Duration timeout;

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Create the filter.
	 * @param positions this instance's positions
	 * @param sessions the write sessions, one opened per request
	 * @param timeout longest a request waits for the position it brings
	 */
	public ReplicationPositionFilter(ReplicationPositions positions, WriteSessions sessions, Duration timeout) {
		this.positions = positions;
		this.sessions = sessions;
		this.timeout = timeout;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ReplicationPosition requested = ReplicationPosition.EMPTY;
		String header = request.getHeader(ReplicationPosition.HEADER);
		if (header != null) {
			try {
				requested = ReplicationPosition.parse(header);
				this.positions.awaitApplied(requested, this.timeout);
			}
			catch (IllegalArgumentException ex) {
				problem(response, request, 400, "bad-replication-position", "Bad Replication-Position header",
						"The Replication-Position header cannot be served here: " + ex.getMessage()
								+ ". Send back the header a response of this service gave, unchanged",
						Map.of());
				return;
			}
			catch (PositionNotReachedException ex) {
				response.setHeader("Retry-After", "1");
				setHeader(response, this.positions.applied());
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("state", ex.getState());
				details.put("recordsBehind", ex.getRecordsBehind());
				details.put("applied", ReplicationPosition.of(ex.getState(), ex.getApplied()).toHeader());
				details.put("wanted", ReplicationPosition.of(ex.getState(), ex.getWanted()).toHeader());
				problem(response, request, 503, "replication-position-not-reached",
						"This instance has not caught up with the Replication-Position yet", ex.getMessage(), details);
				return;
			}
		}
		ReplicationPosition brought = requested;
		try (WriteSessions.Scope scope = this.sessions.open()) {
			PositionHeaderResponse positioned = new PositionHeaderResponse(response,
					() -> this.positions.applied().merge(brought).merge(scope.session().written()));
			chain.doFilter(request, positioned);
			positioned.setPositionHeader();
		}
	}

	private static void setHeader(HttpServletResponse response, ReplicationPosition position) {
		if (!position.isEmpty()) {
			response.setHeader(ReplicationPosition.HEADER, position.toHeader());
		}
	}

	private void problem(HttpServletResponse response, HttpServletRequest request, int status, String type,
			String title, String detail, Map<String, Object> details) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "urn:io.replication:problem:" + type);
		problem.put("title", title);
		problem.put("status", status);
		problem.put("detail", detail);
		problem.put("instance", request.getRequestURI());
		problem.putAll(details);
		// JSON is UTF-8 by definition: no charset parameter.
		byte[] body = this.json.writeValueAsBytes(problem);
		response.setStatus(status);
		response.setContentType(PROBLEM_JSON);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
