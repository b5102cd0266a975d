package io.replication.testapp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The ledger service with a Brave tracer that keeps every span it finishes.
 */
@SpringBootConfiguration
@Import(LedgerApplication.class)
public class TracedLedgerApplication {

	@Bean
	FinishedSpans finishedSpans() {
		return new FinishedSpans();
	}

	/**
	 * Spans this instance finished, in order.
	 */
	public static final class FinishedSpans extends SpanHandler {

		private final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.spans.add(span);
			return true;
		}

		public List<MutableSpan> named(String name) {
			return this.spans.stream().filter((span) -> name.equals(span.name())).toList();
		}

	}

}
