package io.replication.engine;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
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
	 * Check that every variable the expression names is one of the method's parameters:
	 * {@code #p0}, {@code #a0}, or a parameter's name where the class was compiled with
	 * {@code -parameters}. Otherwise it would evaluate to {@code null} on every call.
	 * @param method the method the key belongs to
	 * @throws IllegalArgumentException naming the variable and the names that resolve
	 */
	public void requireResolvable(Method method) {
		String[] names = PARAMETER_NAMES.getParameterNames(method);
		int count = method.getParameterCount();
		for (String variable : variables()) {
			if (!resolves(variable, names, count)) {
				String known = (count == 0) ? "the method has no parameters"
						: "its parameters are #p0 to #p" + (count - 1)
								+ ((names != null) ? ", or by name " + Arrays.toString(names)
										: "; names like #" + variable + " need the class compiled with -parameters");
				throw new IllegalArgumentException(
						"key '" + this.source + "' names #" + variable + ", which is none of its parameters: " + known);
			}
		}
	}

	private static boolean resolves(String variable, String @Nullable [] names, int count) {
		if (variable.equals("root") || variable.equals("this")) {
			return true;
		}
		if (variable.matches("[ap]\\d+")) {
			return Integer.parseInt(variable.substring(1)) < count;
		}
		return names != null && Arrays.asList(names).contains(variable);
	}

	private List<String> variables() {
		List<String> variables = new ArrayList<>();
		if (this.expression instanceof SpelExpression spel) {
			collectVariables(spel.getAST(), variables);
		}
		return variables;
	}

	private static void collectVariables(SpelNode node, List<String> variables) {
		if (node instanceof VariableReference) {
			variables.add(node.toStringAST().substring(1));
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			collectVariables(node.getChild(i), variables);
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
