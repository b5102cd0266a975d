package io.replication.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

/**
 * Customizes the mapper that encodes commands' arguments in the log, for example to
 * register serializers and deserializers of argument types. The log has a mapper of its
 * own, built from Jackson's defaults: {@code spring.jackson.*} settings, which may change
 * between releases of an application, must not change what a record in the log means.
 *
 * @author replication
 */
@FunctionalInterface
public interface ReplicationJsonMapperCustomizer {

	/**
	 * Customize the log mapper's builder.
	 * @param builder the builder
	 */
	void customize(JsonMapper.Builder builder);

}
