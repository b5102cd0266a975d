package io.replication.interception;

import io.replication.annotation.ReplicatedRead;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.aopalliance.aop.Advice;

import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;

/**
 * Matches {@code @ReplicatedWrite} and {@code @ReplicatedRead} methods of
 * {@code @ReplicatedState} classes.
 *
 * @author replication
 */
class ReplicatedWriteAdvisor extends AbstractPointcutAdvisor {

	private final Pointcut pointcut = new ComposablePointcut(
			new AnnotationMatchingPointcut(ReplicatedState.class, ReplicatedWrite.class, true))
		.union(new AnnotationMatchingPointcut(ReplicatedState.class, ReplicatedRead.class, true));

	private final ReplicatedWriteInterceptor interceptor;

	ReplicatedWriteAdvisor(ReplicatedWriteInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

}
