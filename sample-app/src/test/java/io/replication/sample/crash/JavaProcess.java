package io.replication.sample.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from this test JVM's class path, whose output goes to a log file, and
 * that a test can stop, kill, pause and resume like an operator would.
 */
final class JavaProcess implements AutoCloseable {

	private final String name;

	private final List<String> command;

	private final Path logFile;

	private Process process;

	private JavaProcess(String name, List<String> command, Path logFile) {
		this.name = name;
		this.command = command;
		this.logFile = logFile;
	}

	/**
	 * Describe a JVM on this test JVM's class path, mapping the suite's
	 * {@link SharedClassArchive}; {@link #start()} starts it.
	 * @param name a name for logs and messages
	 * @param directory where the log goes
	 * @param jvmOptions options before the main class
	 * @param mainClass the main class
	 * @param arguments the program's arguments
	 * @return the process, not started
	 */
	static JavaProcess of(String name, Path directory, List<String> jvmOptions, String mainClass,
			List<String> arguments) {
		SharedClassArchive archive = SharedClassArchive.get();
		List<String> options = new ArrayList<>(archive.jvmOptions());
		options.addAll(jvmOptions);
		return of(name, directory, archive.classPathFile(), options, mainClass, arguments);
	}

	/**
	 * Describe a JVM; {@link #start()} starts it.
	 * @param name a name for logs and messages
	 * @param directory where the log goes
	 * @param classPathFile an argument file with the class path
	 * @param jvmOptions options before the main class
	 * @param mainClass the main class
	 * @param arguments the program's arguments
	 * @return the process, not started
	 */
	static JavaProcess of(String name, Path directory, Path classPathFile, List<String> jvmOptions, String mainClass,
			List<String> arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("@" + classPathFile);
		command.add("-XX:TieredStopAtLevel=1");
		command.add("-XX:+UseSerialGC");
		command.addAll(jvmOptions);
		command.add(mainClass);
		command.addAll(arguments);
		return new JavaProcess(name, List.copyOf(command), directory.resolve(name + ".log"));
	}

	JavaProcess start() {
		try {
			this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()))
				.start();
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.name, ex);
		}
	}

	boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * {@code kill -9}: no shutdown hook, no goodbye to Kafka.
	 */
	void kill() {
		this.process.destroyForcibly();
		awaitExit(10);
	}

	/**
	 * {@code kill}: a graceful shutdown, forced after a while.
	 */
	void stop() {
		if (isAlive()) {
			this.process.destroy();
			if (!awaitExit(60)) {
				kill();
			}
		}
	}

	/**
	 * {@code kill -STOP}: the process stays, frozen, with its connections open.
	 */
	void pause() {
		signal("STOP");
	}

	/**
	 * {@code kill -CONT}.
	 */
	void resume() {
		signal("CONT");
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + this.process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private boolean awaitExit(int seconds) {
		try {
			return this.process.waitFor(seconds, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	String name() {
		return this.name;
	}

	Path logFile() {
		return this.logFile;
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			resume();
			kill();
		}
	}

	@Override
	public String toString() {
		return this.name + ((this.process != null) ? " (pid " + this.process.pid() + ")" : "");
	}

}
