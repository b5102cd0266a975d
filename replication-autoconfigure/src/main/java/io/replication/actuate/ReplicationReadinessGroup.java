package io.replication.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.Ordered;

/**
 * Makes the {@code replication} health contributor a member of the {@code readiness}
 * health group, the way Spring Boot's probes are meant to be extended. Readiness then
 * reads the replication status when it is asked: out of service while a state replays its
 * log, down while one is halted or fenced. No availability event can race it.
 * <p>
 * Runs after Boot has added its probe groups; does nothing where there is no readiness
 * group (probes off), or where the group already names the contributor.
 *
 * @author replication
 */
public class ReplicationReadinessGroup implements HealthEndpointGroupsPostProcessor, Ordered {

	private static final String READINESS = "readiness";

	private final String contributor;

	/**
	 * Create the post-processor.
	 * @param contributor name of the replication health contributor
	 */
	public ReplicationReadinessGroup(String contributor) {
		this.contributor = contributor;
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		HealthEndpointGroup readiness = groups.get(READINESS);
		if (readiness == null || readiness.isMember(this.contributor)) {
			return groups;
		}
		Map<String, HealthEndpointGroup> named = new LinkedHashMap<>();
		for (String name : groups.getNames()) {
			named.put(name, groups.get(name));
		}
		named.put(READINESS, new WithMember(readiness, this.contributor));
		return HealthEndpointGroups.of(groups.getPrimary(), named);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private record WithMember(HealthEndpointGroup group, String member) implements HealthEndpointGroup {

		@Override
		public boolean isMember(String name) {
			return this.member.equals(name) || this.group.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.group.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.group.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.group.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.group.getHttpCodeStatusMapper();
		}

		@Override
		public AdditionalHealthEndpointPath getAdditionalPath() {
			return this.group.getAdditionalPath();
		}

	}

}
