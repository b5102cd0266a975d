package io.replication.interception;

import java.lang.reflect.Method;
import java.util.function.Supplier;

import io.replication.annotation.ReadConsistency;
import io.replication.engine.CommandDefinition;
import io.replication.engine.CommandDispatcher;
import io.replication.engine.ReplicatedReads;
import io.replication.engine.StateDefinition;
import io.replication.engine.StateRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.BridgeMethodResolver;

/**
 * Sends calls to {@code @ReplicatedWrite} methods through the log instead of to the bean.
 * The bean's method runs later, when the command is applied. Calls to
 * {@code @ReplicatedRead} methods run on the bean under its state's read lock.
 *
 * @author replication
 */
class ReplicatedWriteInterceptor implements MethodInterceptor {

	private final Supplier<StateRegistry> registry;

	private final Supplier<CommandDispatcher> dispatcher;

	private final Supplier<ReplicatedReads> reads;

	ReplicatedWriteInterceptor(Supplier<StateRegistry> registry, Supplier<CommandDispatcher> dispatcher,
			Supplier<ReplicatedReads> reads) {
		this.registry = registry;
		this.dispatcher = dispatcher;
		this.reads = reads;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		StateDefinition state = (target != null) ? this.registry.get().stateOf(target) : null;
		if (state == null) {
			return invocation.proceed();
		}
		Method method = BridgeMethodResolver
			.findBridgedMethod(AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass()));
		CommandDefinition command = state.command(method);
		if (command == null) {
			ReadConsistency consistency = state.read(method);
			return (consistency != null) ? this.reads.get().read(state, consistency, invocation::proceed)
					: invocation.proceed();
		}
		return this.dispatcher.get().dispatch(state, command, invocation.getArguments());
	}

}
