package io.replication.kafka;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.replication.engine.UnreadableCommandException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Decoding a batch ahead of applying it: every record once, failures at their own record.
 */
class DecodeAheadTests {

	private final DecodeAhead decodeAhead = new DecodeAhead(true);

	@Test
	void everyRecordIsDecodedOnceAndTakenInOrder() {
		for (int size : new int[] { 0, 1, 127, 128, 129, 500, 2_001 }) {
			List<Integer> records = IntStream.range(0, size).boxed().toList();
			AtomicIntegerArray decodes = new AtomicIntegerArray(Math.max(size, 1));
			DecodedBatch<Integer, String> batch = this.decodeAhead.decode(records, (record) -> {
				decodes.incrementAndGet(record);
				return "decoded-" + record;
			});
			for (int i = 0; i < size; i++) {
				assertThat(batch.get(i)).isEqualTo("decoded-" + i);
			}
			for (int i = 0; i < size; i++) {
				assertThat(decodes.get(i)).as("decodes of record %d of %d", i, size).isEqualTo(1);
			}
		}
	}

	@Test
	void aLargeBatchIsDecodedOnTwoThreads() throws Exception {
		CountDownLatch helped = new CountDownLatch(1);
		Thread applying = Thread.currentThread();
		List<Integer> records = IntStream.range(0, 4 * DecodeAhead.CHUNK).boxed().toList();
		DecodedBatch<Integer, String> batch = this.decodeAhead.decode(records, (record) -> {
			if (Thread.currentThread() == applying) {
				// Hold the applying thread in its chunk until the helper decoded one.
				await(helped);
			}
			else {
				assertThat(Thread.currentThread().getName()).startsWith("replication-decode-");
				helped.countDown();
			}
			return "decoded-" + record;
		});
		for (int i = 0; i < records.size(); i++) {
			assertThat(batch.get(i)).isEqualTo("decoded-" + i);
		}
		assertThat(helped.getCount()).isZero();
	}

	@Test
	void aSmallBatchIsDecodedWhereItIsTaken() {
		Thread applying = Thread.currentThread();
		List<Integer> records = IntStream.range(0, 2 * DecodeAhead.CHUNK - 1).boxed().toList();
		DecodedBatch<Integer, Thread> batch = this.decodeAhead.decode(records, (record) -> Thread.currentThread());
		for (int i = 0; i < records.size(); i++) {
			assertThat(batch.get(i)).isSameAs(applying);
		}
		DecodedBatch<Integer, Thread> unhelped = new DecodeAhead(false)
			.decode(IntStream.range(0, 10 * DecodeAhead.CHUNK).boxed().toList(), (record) -> Thread.currentThread());
		for (int i = 0; i < 10 * DecodeAhead.CHUNK; i++) {
			assertThat(unhelped.get(i)).isSameAs(applying);
		}
	}

	@Test
	void aFailureIsThrownWhenItsRecordIsTakenAndNotBefore() {
		int poison = DecodeAhead.CHUNK * 3 + 7;
		List<Integer> records = IntStream.range(0, DecodeAhead.CHUNK * 8).boxed().toList();
		DecodedBatch<Integer, String> batch = this.decodeAhead.decode(records,
				failingAt(poison, new UnreadableCommandException("unknown command 'x'")));
		for (int i = 0; i < poison; i++) {
			assertThat(batch.get(i)).isEqualTo("decoded-" + i);
		}
		assertThatExceptionOfType(UnreadableCommandException.class).isThrownBy(() -> batch.get(poison))
			.withMessage("unknown command 'x'");
		assertThat(batch.get(poison + 1)).isEqualTo("decoded-" + (poison + 1));
	}

	@Test
	void errorsAreThrownAsTheyWereAndCheckedExceptionsAsUnreadable() {
		List<Integer> records = IntStream.range(0, DecodeAhead.CHUNK * 4).boxed().toList();
		DecodedBatch<Integer, String> errors = this.decodeAhead.decode(records,
				failingAt(200, new StackOverflowError("deep")));
		assertThatExceptionOfType(StackOverflowError.class).isThrownBy(() -> errors.get(200)).withMessage("deep");
		DecodedBatch<Integer, String> checked = this.decodeAhead.decode(records,
				failingAt(5, new IOException("undeclared")));
		assertThatExceptionOfType(UnreadableCommandException.class).isThrownBy(() -> checked.get(5))
			.withMessageContaining("IOException: undeclared")
			.withCauseInstanceOf(IOException.class);
	}

	@Test
	void anAbandonedBatchIsDecodedNoFurther() {
		List<Integer> records = IntStream.range(0, DecodeAhead.CHUNK * 4).boxed().toList();
		AtomicIntegerArray decodes = new AtomicIntegerArray(records.size());
		DecodedBatch<Integer, Integer> batch = new DecodedBatch<>(records, (record) -> {
			decodes.incrementAndGet(record);
			return record;
		}, DecodeAhead.CHUNK);
		assertThat(batch.get(0)).isZero();
		batch.abandon();
		batch.decodeAhead();
		assertThat(IntStream.range(DecodeAhead.CHUNK, records.size()).map(decodes::get).sum()).isZero();
	}

	private static Function<Integer, String> failingAt(int poison, Throwable failure) {
		return (record) -> {
			if (record == poison) {
				throw DecodeAheadTests.<RuntimeException>sneaky(failure);
			}
			return "decoded-" + record;
		};
	}

	@SuppressWarnings("unchecked")
	private static <E extends Throwable> E sneaky(Throwable failure) throws E {
		throw (E) failure;
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).as("the helper decoded a record").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
