package io.replication.engine;

import java.util.concurrent.CompletableFuture;

import io.replication.annotation.ReadConsistency;
import io.replication.annotation.ReplicatedRead;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link CommandIntrospector} and {@link StateRegistry}.
 */
class CommandIntrospectorTests {

	@Test
	void stateAndCommandNamesDefaultToBeanAndMethodNames() {
		StateDefinition state = CommandIntrospector.introspect("counterBean", new Counter());
		assertThat(state.name()).isEqualTo("counterBean");
		assertThat(state.commandsByName()).containsOnlyKeys("add", "reset-all", "addLater");
		assertThat(state.command("reset-all").method().getName()).isEqualTo("reset");
		assertThat(state.command("add").key()).hasToString("#amount");
		assertThat(state.command("addLater").asynchronous()).isTrue();
		assertThat(state.command(ReflectionUtils.findMethod(Counter.class, "add", int.class)).name()).isEqualTo("add");
	}

	@Test
	void nameAttributeAndValueAliasNameTheState() {
		assertThat(CommandIntrospector.introspect("bean", new Named()).name()).isEqualTo("named");
		assertThat(CommandIntrospector.introspect("bean", new Aliased()).name()).isEqualTo("aliased");
	}

	@Test
	void plainMethodsAreNoCommands() {
		StateDefinition state = CommandIntrospector.introspect("counter", new Counter());
		assertThat(state.command(ReflectionUtils.findMethod(Counter.class, "value"))).isNull();
		assertThat(state.command("value")).isNull();
	}

	@Test
	@SuppressWarnings("deprecation") // isAccessible() is the flag Method.invoke reads
	void commandsOfPublicClassesAreInvokedWithoutAnAccessCheck() {
		StateDefinition state = CommandIntrospector.introspect("bean", new PublicState());
		assertThat(state.command("set").method().isAccessible()).isTrue();
	}

	@Test
	void nonPublicCommandsAreRefused() {
		assertThatIllegalStateException().isThrownBy(() -> CommandIntrospector.introspect("bean", new Hidden()))
			.withMessageContaining(Hidden.class.getName() + ".set must be public, not static and not final");
	}

	@Test
	void keyNamingNoParameterIsRefusedAtStartup() {
		assertThatIllegalStateException().isThrownBy(() -> CommandIntrospector.introspect("bean", new MisnamedKey()))
			.withMessageContaining(MisnamedKey.class.getName() + ".move: key '#from + #account' names #account, "
					+ "which is none of its parameters: its parameters are #p0 to #p1, or by name [from, to]");
		assertThatIllegalStateException()
			.isThrownBy(() -> CommandIntrospector.introspect("bean", new KeyBeyondTheParameters()))
			.withMessageContaining("key '#p2' names #p2, which is none of its parameters");
	}

	@Test
	void keyByIndexOrNameResolves() {
		StateDefinition state = CommandIntrospector.introspect("bean", new KeyedByIndexAndName());
		assertThat(state.commands()).hasSize(2);
	}

	@Test
	void readMethodsAreFoundWithTheirConsistencyAndGiveTheStateALock() {
		StateDefinition state = CommandIntrospector.introspect("counter", new Reading());
		assertThat(state.read(ReflectionUtils.findMethod(Reading.class, "value"))).isEqualTo(ReadConsistency.LOCAL);
		assertThat(state.read(ReflectionUtils.findMethod(Reading.class, "latest")))
			.isEqualTo(ReadConsistency.LINEARIZABLE);
		assertThat(state.lock()).isNotSameAs(StateLock.NONE);
		assertThat(CommandIntrospector.introspect("counter", new Counter()).lock()).isSameAs(StateLock.NONE);
	}

	@Test
	void readThatIsAlsoACommandIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> CommandIntrospector.introspect("both", new Both()))
			.withMessageContaining("is both @ReplicatedRead and @ReplicatedWrite");
	}

	@Test
	void finalReadIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> CommandIntrospector.introspect("finalRead", new FinalRead()))
			.withMessageContaining(FinalRead.class.getName() + ".value must be public, not static and not final");
	}

	@Test
	void registryRefusesTwoStatesWithOneName() {
		StateRegistry registry = new StateRegistry();
		registry.register(CommandIntrospector.introspect("counter", new Counter()));
		assertThatIllegalStateException()
			.isThrownBy(() -> registry.register(CommandIntrospector.introspect("counter", new Counter())))
			.withMessageContaining("State name 'counter' is used by both");
	}

	@Test
	void registryFindsStatesByNameAndByBeanIdentity() {
		StateRegistry registry = new StateRegistry();
		Counter first = new Counter();
		Counter second = new Counter();
		registry.register(CommandIntrospector.introspect("first", first));
		registry.register(CommandIntrospector.introspect("second", second));
		assertThat(registry.stateOf(first).name()).isEqualTo("first");
		assertThat(registry.stateOf(second).name()).isEqualTo("second");
		assertThat(registry.stateOf(new Counter())).isNull();
		assertThat(registry.states()).extracting(StateDefinition::name).containsExactly("first", "second");
	}

	@ReplicatedState
	static class Counter {

		@ReplicatedWrite(key = "#amount")
		public void add(int amount) {
		}

		@ReplicatedWrite(name = "reset-all")
		public void reset() {
		}

		@ReplicatedWrite
		public CompletableFuture<Integer> addLater(int amount) {
			return CompletableFuture.completedFuture(amount);
		}

		public int value() {
			return 0;
		}

	}

	@ReplicatedState
	static class MisnamedKey {

		@ReplicatedWrite(key = "#from + #account")
		public void move(String from, String to) {
		}

	}

	@ReplicatedState
	static class KeyBeyondTheParameters {

		@ReplicatedWrite(key = "#p2")
		public void move(String from, String to) {
		}

	}

	@ReplicatedState
	static class KeyedByIndexAndName {

		@ReplicatedWrite(key = "#p0 + '/' + #a1")
		public void move(String from, String to) {
		}

		@ReplicatedWrite(key = "#to.toUpperCase()")
		public void copy(String from, String to) {
		}

	}

	@ReplicatedState
	static class Reading {

		@ReplicatedWrite
		public void add(int amount) {
		}

		@ReplicatedRead
		public int value() {
			return 0;
		}

		@ReplicatedRead(consistency = ReadConsistency.LINEARIZABLE)
		public int latest() {
			return 0;
		}

	}

	@ReplicatedState
	static class Both {

		@ReplicatedWrite
		@ReplicatedRead
		public void add(int amount) {
		}

	}

	@ReplicatedState
	static class FinalRead {

		@ReplicatedWrite
		public void add(int amount) {
		}

		@ReplicatedRead
		public final int value() {
			return 0;
		}

	}

	@ReplicatedState(name = "named")
	static class Named {

		@ReplicatedWrite
		public void set(int value) {
		}

	}

	@ReplicatedState("aliased")
	static class Aliased {

		@ReplicatedWrite
		public void set(int value) {
		}

	}

	@ReplicatedState
	static class Hidden {

		@ReplicatedWrite
		void set(int value) {
		}

	}

	@ReplicatedState
	public static class PublicState {

		@ReplicatedWrite
		public void set(int value) {
		}

	}

}
