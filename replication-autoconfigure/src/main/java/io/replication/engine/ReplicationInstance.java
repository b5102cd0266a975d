package io.replication.engine;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * This instance: its id, which names its consumer groups and transactional ids, and its
 * role.
 *
 * @param id id of this instance, unique among the running instances
 * @param role what this instance may do
 * @author replication
 */
public record ReplicationInstance(String id, Role role) {

	private static final Log logger = LogFactory.getLog(ReplicationInstance.class);

	private static final Pattern LEGAL_ID = Pattern.compile("[a-zA-Z0-9._-]{1,100}");

	public ReplicationInstance {
		if (!LEGAL_ID.matcher(id).matches()) {
			throw new IllegalArgumentException(
					"replication.instance-id '" + id + "' is not legal: use 1 to 100 letters, digits, '.', '_' or '-'");
		}
	}

	/**
	 * The instance as configured, with an id generated for this process when none is
	 * configured.
	 * @param configuredId the configured id, or {@code null}
	 * @param role the configured role
	 * @return the instance
	 */
	public static ReplicationInstance of(@Nullable String configuredId, Role role) {
		if (configuredId != null && !configuredId.isBlank()) {
			return new ReplicationInstance(configuredId, role);
		}
		String generated = "instance-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		logger.info("Replication instance id '" + generated + "' generated for this process; set "
				+ "replication.instance-id to keep one id across restarts (it also lets a restarted process "
				+ "fence its predecessor)");
		return new ReplicationInstance(generated, role);
	}

}
