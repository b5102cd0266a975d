package io.replication;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.replication.engine.CommandTracing;
import io.replication.testapp.Instances;
import io.replication.testapp.Ledger;
import io.replication.testapp.TracedLedgerApplication;
import io.replication.testapp.TracedLedgerApplication.FinishedSpans;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With a tracer, a write's span on the writer and its apply spans on every instance share
 * one trace, linked by the context its record carries. Without one, records carry
 * nothing.
 */
class TracingIntegrationTests {

	// Brave back on, every trace sampled.
	private static final String[] TRACED = { "spring.autoconfigure.exclude=",
			"management.tracing.sampling.probability=1.0" };

	private final Instances instances = new Instances();

	@AfterEach
	void stopInstances() {
		this.instances.close();
	}

	@Test
	void writeSpanOnTheWriterIsTheParentOfItsApplySpanOnEveryInstance() {
		ConfigurableApplicationContext writer = this.instances.start(TracedLedgerApplication.class, "a", TRACED);
		ConfigurableApplicationContext reader = this.instances.start(TracedLedgerApplication.class, "b", TRACED);
		// What the caller is doing, as an HTTP server observation would be.
		Tracer tracer = writer.getBean(Tracer.class);
		AtomicReference<Span> caller = new AtomicReference<>();
		Observation.createNotStarted("request", writer.getBean(ObservationRegistry.class)).observe(() -> {
			caller.set(tracer.currentSpan());
			writer.getBean(Ledger.class).deposit("alice", 5);
		});
		Span request = caller.get();
		assertThat(request).isNotNull();
		MutableSpan write = single(writer, "ledger.deposit write");
		assertThat(write.traceId()).isEqualTo(request.context().traceId());
		assertThat(write.parentId()).isEqualTo(request.context().spanId());
		assertThat(write.kind()).isEqualTo(Kind.PRODUCER);
		for (ConfigurableApplicationContext instance : List.of(writer, reader)) {
			MutableSpan apply = single(instance, "ledger.deposit apply");
			assertThat(apply.traceId()).isEqualTo(write.traceId());
			assertThat(apply.parentId()).isEqualTo(write.id());
			assertThat(apply.kind()).isEqualTo(Kind.CONSUMER);
			assertThat(apply.tags()).containsEntry("replication.origin", "a")
				.containsEntry("replication.position", "0@0");
		}
	}

	@Test
	void withoutATracerNothingIsTracedAndRecordsCarryNoHeaders() {
		ConfigurableApplicationContext writer = this.instances.start("a");
		assertThat(writer.getBean(CommandTracing.class)).isSameAs(CommandTracing.NONE);
		writer.getBean(Ledger.class).deposit("alice", 5);
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Instances.bootstrapServers(),
						ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
						ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer())) {
			consumer.subscribe(List.of(this.instances.topicPrefix() + "ledger"));
			ConsumerRecord<String, byte[]> record = await().atMost(Duration.ofSeconds(20)).until(() -> {
				ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
				return records.isEmpty() ? null : records.iterator().next();
			}, (found) -> found != null);
			assertThat(record.headers().toArray()).isEmpty();
		}
	}

	private static MutableSpan single(ConfigurableApplicationContext instance, String name) {
		FinishedSpans spans = instance.getBean(FinishedSpans.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> !spans.named(name).isEmpty());
		assertThat(spans.named(name)).hasSize(1);
		return spans.named(name).get(0);
	}

}
