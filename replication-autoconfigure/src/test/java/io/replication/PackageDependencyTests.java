package io.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The actuator side reads replication through its read model,
 * {@code io.replication.status}, never through the Kafka transport, so either can change
 * without the other.
 */
class PackageDependencyTests {

	@Test
	void actuatorSideDoesNotDependOnTheKafkaPackage() throws IOException {
		assertThat(sourcesMentioning(Path.of("src/main/java/io/replication/actuate"), "io.replication.kafka"))
			.isEmpty();
	}

	@Test
	void readModelDependsOnNeitherKafkaNorActuator() throws IOException {
		Path status = Path.of("src/main/java/io/replication/status");
		assertThat(sourcesMentioning(status, "io.replication.kafka")).isEmpty();
		assertThat(sourcesMentioning(status, "io.replication.actuate")).isEmpty();
		assertThat(sourcesMentioning(status, "org.apache.kafka")).isEmpty();
	}

	private static List<Path> sourcesMentioning(Path directory, String name) throws IOException {
		assertThat(directory).isDirectory();
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".java")).filter((file) -> {
				try {
					return Files.readString(file).contains(name);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).toList();
		}
	}

}
