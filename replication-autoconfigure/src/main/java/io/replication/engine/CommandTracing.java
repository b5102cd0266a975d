package io.replication.engine;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Traces writes across instances: a write's trace on the writer, and its apply on every
 * instance, linked by a trace context that travels in the command's record. {@link #NONE}
 * does nothing and costs nothing; with a tracer, the starter uses Micrometer's
 * Observation API.
 *
 * @author replication
 */
public interface CommandTracing {

	/**
	 * Traces nothing, and the records carry no context.
	 */
	CommandTracing NONE = new CommandTracing() {

		@Override
		public TracedWrite write(String state, String command) {
			return TracedWrite.NONE;
		}

		@Override
		public TracedApply apply(CommandRecord record, Position position) {
			return TracedApply.NONE;
		}

	};

	/**
	 * Begin tracing a write, on the caller's thread, as a child of what the caller is
	 * doing.
	 * @param state name of the state
	 * @param command name of the command
	 * @return the traced write, whose context goes into the command's record
	 */
	TracedWrite write(String state, String command);

	/**
	 * Begin tracing the apply of a command, on the apply thread, continuing the context
	 * its record carries. What the command's method does is traced within it.
	 * @param record the command
	 * @param position where it sits in the log
	 * @return the traced apply, ended once the method has returned
	 */
	TracedApply apply(CommandRecord record, Position position);

	/**
	 * A write being traced.
	 */
	interface TracedWrite {

		/**
		 * A write traced by nothing.
		 */
		TracedWrite NONE = new TracedWrite() {

			@Override
			public Map<String, String> context() {
				return Map.of();
			}

			@Override
			public void end(@Nullable Throwable failure) {
			}

		};

		/**
		 * The trace context to carry with the command.
		 * @return header names and values, empty when nothing is traced
		 */
		Map<String, String> context();

		/**
		 * The write's caller has its outcome.
		 * @param failure what the caller got instead of a result, or {@code null}
		 */
		void end(@Nullable Throwable failure);

	}

	/**
	 * An apply being traced.
	 */
	interface TracedApply {

		/**
		 * An apply traced by nothing.
		 */
		TracedApply NONE = (failure) -> {
		};

		/**
		 * The command's method has returned or thrown.
		 * @param failure what it threw, or {@code null}
		 */
		void end(@Nullable Throwable failure);

	}

}
