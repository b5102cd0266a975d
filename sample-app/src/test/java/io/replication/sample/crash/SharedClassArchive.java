package io.replication.sample.crash;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import io.replication.sample.SampleApplication;

/**
 * The class path of the JVMs the crash suite starts, and a class data sharing archive of
 * the classes they load. The suite starts dozens of instance and broker JVMs on two
 * cores; each spent about 3 of its 9 CPU seconds to readiness loading the same classes.
 * So, once per test JVM, a training run of the sample, on its built-in broker, writes
 * what it loaded to an archive ({@code -XX:ArchiveClassesAtExit}) when it is stopped, and
 * every JVM after it maps that archive. Broker JVMs run the same broker classes.
 * <p>
 * An archive only records classes from jars, and refuses a class path with a non-empty
 * directory, so the test JVM's class directories are copied into jars first. When the
 * training run fails, JVMs start without the archive: slower, the same otherwise. A JVM
 * that cannot use the archive ignores it ({@code -Xshare:auto}, the default).
 */
final class SharedClassArchive {

	private static SharedClassArchive instance;

	private final Path classPathFile;

	private final List<String> jvmOptions;

	private SharedClassArchive(Path classPathFile, List<String> jvmOptions) {
		this.classPathFile = classPathFile;
		this.jvmOptions = jvmOptions;
	}

	/**
	 * The archive of this test JVM, made on first use.
	 * @return the archive
	 */
	static synchronized SharedClassArchive get() {
		if (instance == null) {
			instance = make();
		}
		return instance;
	}

	/**
	 * An argument file with the class path, for {@code java @file}.
	 * @return the file
	 */
	Path classPathFile() {
		return this.classPathFile;
	}

	/**
	 * Options that map the archive, or none when there is no archive.
	 * @return the options
	 */
	List<String> jvmOptions() {
		return this.jvmOptions;
	}

	private static SharedClassArchive make() {
		try {
			Path directory = Files.createTempDirectory("crash-suite-jvms");
			Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(directory)));
			Path classPathFile = writeClassPathFile(directory);
			Path archive = directory.resolve("classes.jsa");
			long start = System.nanoTime();
			if (train(directory, classPathFile, archive)) {
				System.out.printf("[crash-test] class data archive of %,d bytes made in %.1f s%n", Files.size(archive),
						(System.nanoTime() - start) / 1e9);
				return new SharedClassArchive(classPathFile, List.of("-XX:SharedArchiveFile=" + archive));
			}
			return new SharedClassArchive(classPathFile, List.of());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path writeClassPathFile(Path directory) throws IOException {
		List<String> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
			Path path = Path.of(entry);
			if (Files.isDirectory(path)) {
				Path jar = directory.resolve("classes-" + entries.size() + ".jar");
				writeJar(path, jar);
				entries.add(jar.toString());
			}
			else if (Files.exists(path)) {
				entries.add(entry);
			}
		}
		// A class path of a few hundred jars is safer in a file than on the command line.
		String classPath = String.join(java.io.File.pathSeparator, entries);
		Path file = directory.resolve("classpath.args");
		Files.writeString(file, "-cp \"" + classPath.replace("\\", "\\\\") + "\"\n");
		return file;
	}

	private static void writeJar(Path classes, Path jar) throws IOException {
		try (OutputStream out = Files.newOutputStream(jar);
				JarOutputStream jarOut = new JarOutputStream(out);
				Stream<Path> files = Files.walk(classes)) {
			for (Path path : (Iterable<Path>) files.filter((path) -> !path.equals(classes)).sorted()::iterator) {
				String name = classes.relativize(path).toString().replace('\\', '/');
				// Directory entries too: component scanning finds packages by them.
				if (Files.isDirectory(path)) {
					jarOut.putNextEntry(new JarEntry(name + "/"));
				}
				else {
					jarOut.putNextEntry(new JarEntry(name));
					Files.copy(path, jarOut);
				}
				jarOut.closeEntry();
			}
		}
	}

	// Start the sample on its built-in broker, wait until it is ready, and stop it: the
	// JVM writes the archive as it exits.
	private static boolean train(Path directory, Path classPathFile, Path archive) throws IOException {
		int port = FreePorts.next();
		String instanceId = "class-archive-training";
		JavaProcess process = JavaProcess.of(instanceId, directory, classPathFile,
				List.of("-Xmx256m", "-XX:ArchiveClassesAtExit=" + archive), SampleApplication.class.getName(),
				List.of("--server.port=" + port, "--server.address=127.0.0.1",
						"--sample.broker.port=" + FreePorts.nextPair(),
						"--sample.broker.data-directory="
								+ Files.createDirectories(directory.resolve("training-kafka")),
						"--replication.instance-id=" + instanceId, "--logging.config=classpath:process-logback.xml"));
		try (SampleInstance training = SampleInstance.of(instanceId, port, process)) {
			training.start().awaitReady().stop();
		}
		catch (RuntimeException ex) {
			System.err.println("[crash-test] no class data archive, JVMs start without one: " + ex.getMessage());
			return false;
		}
		if (!Files.exists(archive)) {
			System.err.println("[crash-test] the training run wrote no class data archive; see " + process.logFile());
			return false;
		}
		return true;
	}

	private static void delete(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// left to the temporary directory's cleaner
		}
	}

}
