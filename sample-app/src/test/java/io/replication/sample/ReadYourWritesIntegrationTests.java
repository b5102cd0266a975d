package io.replication.sample;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.replication.ReplicationPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.replication.sample.PositionedHttp.balance;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-your-writes on any instance through the {@code Replication-Position} header, and
 * {@code @ReplicatedRead} reads, on three instances of the sample over a real broker.
 */
@TestInstance(Lifecycle.PER_CLASS)
class ReadYourWritesIntegrationTests {

	private final SampleContexts contexts = new SampleContexts("read-your-writes");

	private final PositionedHttp http = new PositionedHttp();

	private List<String> instances;

	@BeforeAll
	void start() {
		this.instances = Stream.of("node-1", "node-2", "node-3")
			.map((id) -> SampleContexts.baseUrl(this.contexts.start(id, "--replication.read.timeout=1s")))
			.toList();
	}

	@AfterAll
	void stop() {
		this.contexts.close();
	}

	@Test
	void writeResponseCarriesAtLeastThePositionItsWriteReached() throws Exception {
		open("carried");
		HttpResponse<String> deposit = post(0, "/accounts/carried/deposits", "{\"amount\":5}", null);
		assertThat(deposit.statusCode()).isEqualTo(200);
		ReplicationPosition position = ReplicationPosition.parse(header(deposit));
		HttpResponse<String> read = get(1, "/accounts/carried", header(deposit));
		assertThat(read.body()).contains("\"balance\":5");
		// The reader answers with what it applied, which covers what it was asked for.
		ReplicationPosition answered = ReplicationPosition.parse(header(read));
		assertThat(answered.offsets("ledger").get(0)).isGreaterThanOrEqualTo(position.offsets("ledger").get(0));
	}

	@Test
	void readWithTheHeaderOnAnotherInstanceAlwaysSeesTheWrite() throws Exception {
		open("echoed");
		long expected = 0;
		int stale = 0;
		int staleWithoutHeader = 0;
		for (int round = 0; round < 300; round++) {
			int writer = round % 3;
			HttpResponse<String> deposit = post(writer, "/accounts/echoed/deposits", "{\"amount\":1}", null);
			assertThat(deposit.statusCode()).isEqualTo(200);
			expected++;
			// The third instance first, without the header: it may not have the write
			// yet.
			if (balance(get((writer + 2) % 3, "/accounts/echoed", null)) != expected) {
				staleWithoutHeader++;
			}
			HttpResponse<String> read = get((writer + 1) % 3, "/accounts/echoed", header(deposit));
			if (balance(read) != expected) {
				stale++;
			}
		}
		System.out.println(
				"[read-your-writes] 300 rounds: stale with the header " + stale + ", without it " + staleWithoutHeader);
		assertThat(stale).isZero();
	}

	@Test
	void linearizableReadOnAnotherInstanceAlwaysSeesTheWrite() throws Exception {
		open("linearized");
		long expected = 0;
		int stale = 0;
		for (int round = 0; round < 300; round++) {
			int writer = round % 3;
			assertThat(post(writer, "/accounts/linearized/deposits", "{\"amount\":1}", null).statusCode())
				.isEqualTo(200);
			expected++;
			HttpResponse<String> read = get((writer + 1) % 3, "/accounts/linearized?consistency=linearizable", null);
			if (balance(read) != expected) {
				stale++;
			}
		}
		assertThat(stale).isZero();
	}

	@Test
	void clientEchoingTheHeaderAcrossInstancesNeverSeesABalanceGoBackwards() throws Exception {
		open("monotonic");
		AtomicBoolean writing = new AtomicBoolean(true);
		ExecutorService writer = Executors.newSingleThreadExecutor();
		try {
			Future<?> deposits = writer.submit(() -> {
				int i = 0;
				while (writing.get()) {
					post(i++ % 3, "/accounts/monotonic/deposits", "{\"amount\":1}", null);
				}
				return null;
			});
			Random random = new Random(42);
			String last = null;
			long seen = 0;
			for (int read = 0; read < 500; read++) {
				HttpResponse<String> response = get(random.nextInt(3), "/accounts/monotonic", last);
				assertThat(response.statusCode()).isEqualTo(200);
				long balance = balance(response);
				assertThat(balance).as("read %d", read).isGreaterThanOrEqualTo(seen);
				seen = balance;
				last = header(response);
			}
			writing.set(false);
			deposits.get();
			assertThat(seen).isPositive();
		}
		finally {
			writer.shutdownNow();
		}
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', quoteCharacter = '"',
			value = { "malformed|ledger:zero|is not <partition>=<offset>",
					"unknown state|orders:0=1|has no state 'orders'",
					"unknown partition|ledger:7=1|State 'ledger' has no partition 7" })
	void badHeaderIsA400ProblemAndTheWriteIsNotApplied(String description, String header, String detail)
			throws Exception {
		open("bad-" + description.replace(' ', '-'));
		String account = "/accounts/bad-" + description.replace(' ', '-');
		HttpResponse<String> refused = post(0, account + "/deposits", "{\"amount\":5}", header);
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.body()).contains("\"status\":400", detail);
		assertThat(get(0, account + "?consistency=linearizable", null).body()).contains("\"balance\":0");
	}

	@Test
	void positionThisInstanceCannotReachInTimeIsA503ProblemAndTheWriteIsNotApplied() throws Exception {
		open("unreachable");
		HttpResponse<String> refused = post(1, "/accounts/unreachable/deposits", "{\"amount\":5}",
				"ledger:0=1000000000");
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		assertThat(refused.body()).contains("\"status\":503", "\"state\":\"ledger\"", "\"recordsBehind\":",
				"had not applied ledger:0=1000000000 within PT1S");
		assertThat(get(1, "/accounts/unreachable?consistency=linearizable", null).body()).contains("\"balance\":0");
	}

	@Test
	void readDuringAppliesNeverSeesATransferHalfDone() throws Exception {
		open("left");
		open("right");
		assertThat(post(0, "/accounts/left/deposits", "{\"amount\":1000000}", null).statusCode()).isEqualTo(200);
		String header = header(post(0, "/accounts/right/deposits", "{\"amount\":1000000}", null));
		long total = total(get(1, "/summary", header));
		AtomicBoolean transferring = new AtomicBoolean(true);
		ExecutorService writers = Executors.newFixedThreadPool(4);
		try {
			List<Future<?>> transfers = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				boolean leftToRight = (i % 2) == 0;
				transfers.add(writers.submit(() -> {
					while (transferring.get()) {
						post(0, "/transfers", leftToRight ? "{\"from\":\"left\",\"to\":\"right\",\"amount\":1}"
								: "{\"from\":\"right\",\"to\":\"left\",\"amount\":1}", null);
					}
					return null;
				}));
			}
			for (int read = 0; read < 1000; read++) {
				assertThat(total(get(1 + read % 2, "/summary", null))).as("total at read %d", read).isEqualTo(total);
			}
			transferring.set(false);
			for (Future<?> transfer : transfers) {
				transfer.get();
			}
		}
		finally {
			writers.shutdownNow();
		}
	}

	private void open(String id) throws Exception {
		HttpResponse<String> opened = post(0, "/accounts", "{\"id\":\"" + id + "\"}", null);
		assertThat(opened.statusCode()).isEqualTo(201);
	}

	private HttpResponse<String> post(int instance, String path, String json, String position) throws Exception {
		return this.http.post(this.instances.get(instance), path, json, position);
	}

	private HttpResponse<String> get(int instance, String path, String position) throws Exception {
		return this.http.get(this.instances.get(instance), path, position);
	}

	private static String header(HttpResponse<String> response) {
		return response.headers()
			.firstValue(ReplicationPosition.HEADER)
			.orElseThrow(() -> new AssertionError("No " + ReplicationPosition.HEADER + " header: " + response));
	}

	private static long total(HttpResponse<String> response) {
		Matcher total = Pattern.compile("\"totalBalance\":(\\d+)").matcher(response.body());
		assertThat(total.find()).as(response.body()).isTrue();
		return Long.parseLong(total.group(1));
	}

}
