package io.replication.sample.broker;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when no broker is configured, in any of Boot's property forms.
 *
 * @author replication
 */
class BootstrapServersNotSetCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !Binder.get(context.getEnvironment())
			.bind("spring.kafka.bootstrap-servers", Bindable.listOf(String.class))
			.isBound();
	}

}
