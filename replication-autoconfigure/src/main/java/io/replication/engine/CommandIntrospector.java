package io.replication.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReadConsistency;
import io.replication.annotation.ReplicatedRead;
import io.replication.annotation.ReplicatedWrite;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Reads a {@code @ReplicatedState} class into a {@link StateDefinition}, refusing what
 * cannot be replicated safely: duplicate command names, unnamed overloads, and methods a
 * proxy cannot intercept.
 *
 * @author replication
 */
public final class CommandIntrospector {

	private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,200}");

	private CommandIntrospector() {
	}

	/**
	 * Introspect a state bean.
	 * @param beanName name of the bean, the state's default name
	 * @param target the bean (not a proxy)
	 * @return the state's definition
	 * @throws IllegalStateException naming the class or method to change
	 */
	public static StateDefinition introspect(String beanName, Object target) {
		Class<?> userClass = ClassUtils.getUserClass(target);
		String stateName = stateName(beanName, userClass);
		if (Modifier.isFinal(userClass.getModifiers())) {
			throw new IllegalStateException("@ReplicatedState class " + userClass.getName()
					+ " must not be final: its writes are intercepted by a subclass proxy");
		}
		Map<Method, ReplicatedWrite> annotated = MethodIntrospector.selectMethods(userClass,
				(MethodIntrospector.MetadataLookup<ReplicatedWrite>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ReplicatedWrite.class));
		if (annotated.isEmpty()) {
			throw new IllegalStateException("@ReplicatedState class " + userClass.getName()
					+ " declares no @ReplicatedWrite method: a state needs at least one command");
		}
		Map<String, CommandDefinition> byName = new LinkedHashMap<>();
		Map<Method, CommandDefinition> byMethod = new LinkedHashMap<>();
		annotated.entrySet()
			.stream()
			.sorted(Comparator.comparing((Map.Entry<Method, ReplicatedWrite> entry) -> entry.getKey().getName())
				.thenComparing((entry) -> entry.getKey().toGenericString()))
			.forEach((entry) -> {
				CommandDefinition command = command(stateName, entry.getKey(), entry.getValue());
				CommandDefinition clash = byName.putIfAbsent(command.name(), command);
				if (clash != null) {
					throw duplicateName(command, clash, entry.getValue());
				}
				byMethod.put(entry.getKey(), command);
			});
		Map<Method, ReadConsistency> reads = reads(userClass);
		return new StateDefinition(stateName, target, byName, byMethod, reads,
				reads.isEmpty() ? StateLock.NONE : StateLock.forReads());
	}

	private static Map<Method, ReadConsistency> reads(Class<?> userClass) {
		Map<Method, ReplicatedRead> annotated = MethodIntrospector.selectMethods(userClass,
				(MethodIntrospector.MetadataLookup<ReplicatedRead>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, ReplicatedRead.class));
		Map<Method, ReadConsistency> reads = new LinkedHashMap<>();
		annotated.forEach((method, annotation) -> {
			String where = method.getDeclaringClass().getName() + "." + method.getName();
			int modifiers = method.getModifiers();
			if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
				throw new IllegalStateException("@ReplicatedRead method " + where
						+ " must be public, not static and not final: only such methods can be intercepted");
			}
			if (AnnotatedElementUtils.hasAnnotation(method, ReplicatedWrite.class)) {
				throw new IllegalStateException("Method " + where
						+ " is both @ReplicatedRead and @ReplicatedWrite: a command already runs alone");
			}
			reads.put(method, annotation.consistency());
		});
		return reads;
	}

	private static String stateName(String beanName, Class<?> userClass) {
		ReplicatedState annotation = AnnotatedElementUtils.findMergedAnnotation(userClass, ReplicatedState.class);
		if (annotation == null) {
			throw new IllegalStateException(userClass.getName() + " is not annotated with @ReplicatedState");
		}
		String name = annotation.name().isEmpty() ? beanName : annotation.name();
		if (!LEGAL_NAME.matcher(name).matches()) {
			throw new IllegalStateException("State name '" + name + "' of " + userClass.getName()
					+ " is not a legal topic name: use 1 to 200 letters, digits, '.', '_' or '-' in @ReplicatedState(name)");
		}
		return name;
	}

	private static CommandDefinition command(String stateName, Method method, ReplicatedWrite annotation) {
		String where = method.getDeclaringClass().getName() + "." + method.getName();
		int modifiers = method.getModifiers();
		if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers) || Modifier.isFinal(modifiers)) {
			throw new IllegalStateException(
					"@ReplicatedWrite method " + where + " must be public, not static and not final: "
							+ "only such methods can be intercepted and applied from the log");
		}
		// Accessible even where public: Method.invoke then skips the access check that
		// looks its caller up on every command applied. Where that is refused, a public
		// method of a public class is still invoked; otherwise this says why not.
		if (!method.trySetAccessible()) {
			ReflectionUtils.makeAccessible(method);
		}
		String name = annotation.name().isEmpty() ? method.getName() : annotation.name();
		CommandKey key = null;
		if (!annotation.key().isBlank()) {
			try {
				key = CommandKey.parse(annotation.key());
				key.requireResolvable(method);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("@ReplicatedWrite method " + where + ": " + ex.getMessage(), ex);
			}
		}
		boolean asynchronous = CompletableFuture.class.equals(method.getReturnType());
		return new CommandDefinition(stateName, name, method, key, asynchronous);
	}

	private static IllegalStateException duplicateName(CommandDefinition command, CommandDefinition clash,
			ReplicatedWrite annotation) {
		String first = clash.method().toGenericString();
		String second = command.method().toGenericString();
		if (annotation.name().isEmpty() && clash.name().equals(clash.method().getName())) {
			return new IllegalStateException(
					"Overloaded @ReplicatedWrite methods " + first + " and " + second + " share the command name '"
							+ command.name() + "': give each its own name with @ReplicatedWrite(name = \"...\")");
		}
		return new IllegalStateException("@ReplicatedWrite methods " + first + " and " + second
				+ " share the command name '" + command.name() + "': command names must be unique within a state");
	}

}
