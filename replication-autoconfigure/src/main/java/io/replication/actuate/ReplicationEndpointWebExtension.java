package io.replication.actuate;

import java.util.Map;

import io.replication.actuate.ReplicationEndpoint.StateDescriptor;
import io.replication.status.ReplicationStatusSource;
import io.replication.status.StateStatus;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Web extension of the {@link ReplicationEndpoint}: an unknown state answers 404 with a
 * message that names the known ones.
 *
 * @author replication
 */
@EndpointWebExtension(endpoint = ReplicationEndpoint.class)
public class ReplicationEndpointWebExtension {

	private final ReplicationEndpoint delegate;

	private final ReplicationStatusSource replication;

	public ReplicationEndpointWebExtension(ReplicationEndpoint delegate, ReplicationStatusSource replication) {
		this.delegate = delegate;
		this.replication = replication;
	}

	@ReadOperation
	public WebEndpointResponse<Object> state(@Selector String state) {
		StateDescriptor descriptor = this.delegate.state(state);
		if (descriptor != null) {
			return new WebEndpointResponse<>(descriptor);
		}
		return new WebEndpointResponse<>(
				Map.of("error",
						"No replicated state '" + state + "'; known states: "
								+ this.replication.status().stream().map(StateStatus::state).toList()),
				WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
