package io.replication.engine;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * The {@code key} expression of a command, evaluated over the call's arguments.
 *
 * @author replication
 */
public final class CommandKey {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

	private final String source;

	private final Expression expression;

	private CommandKey(String source, Expression expression) {
		this.source = source;
		this.expression = expression;
	}

	/**
	 * Parse a key expression.
	 * @param source the SpEL source
	 * @return the key
	 * @throws IllegalArgumentException if the expression does not parse
	 */
	public static CommandKey parse(String source) {
		try {
			return new CommandKey(source, PARSER.parseExpression(source));
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(
					"key '" + source + "' is not a valid SpEL expression: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Evaluate the key for one call.
	 * @param method the invoked method
	 * @param arguments the call's arguments
	 * @return the key as a string, or {@code null} when the expression yields null
	 */
	public @Nullable String evaluate(Method method, @Nullable Object[] arguments) {
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(null, method, arguments,
				PARAMETER_NAMES);
		Object value = this.expression.getValue(context);
		return (value != null) ? value.toString() : null;
	}

	@Override
	public String toString() {
		return this.source;
	}

}
