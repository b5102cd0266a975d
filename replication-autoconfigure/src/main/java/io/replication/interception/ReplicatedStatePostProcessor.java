package io.replication.interception;

import io.replication.annotation.ReplicatedState;
import io.replication.engine.CommandDispatcher;
import io.replication.engine.ReplicatedReads;
import io.replication.engine.CommandIntrospector;
import io.replication.engine.StateRegistry;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Registers every {@code @ReplicatedState} bean's commands and proxies the bean so that
 * its {@code @ReplicatedWrite} methods go through the log and its {@code @ReplicatedRead}
 * methods never run during an apply.
 * <p>
 * Order: the replication advisor is added after the advisors a bean already has, so
 * advice such as {@code @Transactional} or method validation applied by an earlier
 * post-processor runs on the writer around the append. When a command is applied, the
 * bean's own method is called directly, without any advice.
 *
 * @author replication
 */
public class ReplicatedStatePostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private final ObjectProvider<StateRegistry> registry;

	/**
	 * Create the post-processor. Collaborators are resolved on first use so that no bean
	 * is created early.
	 * @param registry the registry of states
	 * @param dispatcher the dispatcher of writes
	 * @param reads runs {@code @ReplicatedRead} methods
	 */
	public ReplicatedStatePostProcessor(ObjectProvider<StateRegistry> registry,
			ObjectProvider<CommandDispatcher> dispatcher, ObjectProvider<ReplicatedReads> reads) {
		this.registry = registry;
		this.advisor = new ReplicatedWriteAdvisor(
				new ReplicatedWriteInterceptor(SingletonSupplier.of(registry::getObject),
						SingletonSupplier.of(dispatcher::getObject), SingletonSupplier.of(reads::getObject)));
		setProxyTargetClass(true);
		setBeforeExistingAdvisors(false);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Object target = ultimateTarget(bean);
		if (AnnotatedElementUtils.hasAnnotation(ClassUtils.getUserClass(target), ReplicatedState.class)) {
			this.registry.getObject().register(CommandIntrospector.introspect(beanName, target));
		}
		return super.postProcessAfterInitialization(bean, beanName);
	}

	private static Object ultimateTarget(Object bean) {
		Object target = bean;
		Object next = AopProxyUtils.getSingletonTarget(target);
		while (next != null) {
			target = next;
			next = AopProxyUtils.getSingletonTarget(target);
		}
		return target;
	}

}
