package io.replication.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What Spring Kafka's {@code KafkaTemplate} adds to a send, since the starter's
 * idempotent writer sends through one: an idempotent {@code acks=all} producer with the
 * writer's settings, one thread keeping up to 10,000 sends in flight, once calling
 * {@code Producer.send} and once {@code KafkaTemplate.send} over a Spring Kafka producer
 * factory, each twice, in turn, in one run.
 */
final class TemplateOverheadBenchmark {

	private static final int MAX_IN_FLIGHT = 10_000;

	private final String bootstrapServers;

	private final Duration warmup;

	private final Duration duration;

	TemplateOverheadBenchmark(String bootstrapServers, Duration warmup, Duration duration) {
		this.bootstrapServers = bootstrapServers;
		this.warmup = warmup;
		this.duration = duration;
	}

	List<Result> run() throws Exception {
		String topic = BenchmarkTopics.create(this.bootstrapServers, "raw-template");
		Map<String, Object> configs = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all",
				ProducerConfig.LINGER_MS_CONFIG, 0);
		byte[] value = Payloads.of(0).getBytes();
		List<Result> results = new ArrayList<>();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(configs, new StringSerializer(),
				new ByteArraySerializer())) {
			DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(configs,
					StringSerializer::new, ByteArraySerializer::new);
			KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(factory);
			template.setProducerListener(null);
			try {
				for (int round = 1; round <= 2; round++) {
					results.add(measure("raw: idempotent producer, Producer.send (round " + round + ")",
							(done) -> producer.send(new ProducerRecord<>(topic, value), (metadata, ex) -> done.run())));
					results.add(measure("raw: idempotent producer, KafkaTemplate.send (round " + round + ")",
							(done) -> template.send(topic, value).whenComplete((result, ex) -> done.run())));
				}
			}
			finally {
				factory.destroy();
			}
		}
		return results;
	}

	private Result measure(String name, Sender sender) throws InterruptedException {
		Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
		AtomicLong completed = new AtomicLong();
		Runnable done = () -> {
			completed.incrementAndGet();
			inFlight.release();
		};
		long warmupEnd = System.nanoTime() + this.warmup.toNanos();
		while (System.nanoTime() < warmupEnd) {
			inFlight.acquire();
			sender.send(done);
		}
		long startCount = completed.get();
		long start = System.nanoTime();
		long end = start + this.duration.toNanos();
		while (System.nanoTime() < end) {
			inFlight.acquire();
			sender.send(done);
		}
		long sends = completed.get() - startCount;
		double seconds = (System.nanoTime() - start) / 1e9;
		inFlight.acquire(MAX_IN_FLIGHT);
		return Result.rate(name, sends / seconds, Map.of("sends", sends, "seconds", seconds));
	}

	@FunctionalInterface
	private interface Sender {

		void send(Runnable done);

	}

}
