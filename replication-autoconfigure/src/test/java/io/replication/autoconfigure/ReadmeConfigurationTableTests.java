package io.replication.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's configuration table lists exactly the properties the configuration
 * processor generated metadata for: none missing, none that no longer exists.
 */
class ReadmeConfigurationTableTests {

	// The first property named in a table row of the Configuration section.
	private static final Pattern ROW = Pattern.compile("^\\| `(replication\\.[^`]+)`", Pattern.MULTILINE);

	@Test
	void configurationTableListsEveryGeneratedPropertyAndNoOther() throws IOException {
		assertThat(documented()).isEqualTo(generated());
	}

	private static Set<String> documented() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		int start = readme.indexOf("\n## Configuration\n");
		String section = readme.substring(start, readme.indexOf("\n## ", start + 1));
		Set<String> names = new TreeSet<>();
		Matcher row = ROW.matcher(section);
		while (row.find()) {
			// 'replication.states.<name>.partitions' documents the map
			// 'replication.states'.
			names.add(row.group(1).replaceFirst("^replication\\.states\\..*", "replication.states"));
		}
		return names;
	}

	private static Set<String> generated() {
		JsonNode metadata = JsonMapper.shared()
			.readTree(Path.of("target", "classes", "META-INF", "spring-configuration-metadata.json").toFile());
		Set<String> names = new TreeSet<>();
		for (JsonNode property : metadata.path("properties")) {
			String name = property.path("name").asString();
			if (name.startsWith("replication.")) {
				names.add(name);
			}
		}
		return names;
	}

}
