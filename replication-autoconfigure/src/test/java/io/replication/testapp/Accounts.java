package io.replication.testapp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.replication.Snapshottable;
import io.replication.annotation.ReplicatedState;
import io.replication.annotation.ReplicatedWrite;
import org.jspecify.annotations.Nullable;

/**
 * Balances and blobs, snapshotted: counts the commands applied since start, so a test can
 * tell a restore followed by a short replay from a replay of the whole log.
 */
@ReplicatedState("accounts")
public class Accounts implements Snapshottable<Accounts.Snapshot> {

	private final TreeMap<String, Long> balances = new TreeMap<>();

	private final TreeMap<String, byte[]> blobs = new TreeMap<>();

	private final AtomicLong appliedSinceStart = new AtomicLong();

	private volatile @Nullable ApplyHold hold;

	@ReplicatedWrite
	public synchronized long deposit(String account, long amount) {
		ApplyHold hold = this.hold;
		if (hold != null) {
			this.hold = null;
			hold.await();
		}
		this.appliedSinceStart.incrementAndGet();
		return this.balances.merge(account, amount, Long::sum);
	}

	/**
	 * Store a blob made from a seed on every instance: a large state from a small log.
	 */
	@ReplicatedWrite
	public synchronized void putBlob(String name, int bytes, long seed) {
		this.appliedSinceStart.incrementAndGet();
		byte[] blob = new byte[bytes];
		new Random(seed).nextBytes(blob);
		this.blobs.put(name, blob);
	}

	/**
	 * Make the next deposit applied on this instance wait, on the applying thread: the
	 * instance falls behind the log while the others go on.
	 * @param entered counted down when the deposit starts waiting
	 * @param release what it waits for
	 */
	public void holdNextDeposit(CountDownLatch entered, CountDownLatch release) {
		this.hold = new ApplyHold(entered, release);
	}

	@Override
	public synchronized Snapshot snapshot() {
		// The blobs are never changed in place, only replaced: sharing them is safe.
		return new Snapshot(new TreeMap<>(this.balances), new TreeMap<>(this.blobs));
	}

	@Override
	public synchronized void restore(Snapshot snapshot) {
		this.balances.clear();
		this.balances.putAll(snapshot.balances());
		this.blobs.clear();
		this.blobs.putAll(snapshot.blobs());
	}

	public synchronized Map<String, Long> balances() {
		return new TreeMap<>(this.balances);
	}

	public long appliedSinceStart() {
		return this.appliedSinceStart.get();
	}

	/**
	 * SHA-256 over every balance and blob.
	 */
	public synchronized String digest() {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			this.balances.forEach((account, balance) -> digest
				.update((account + "=" + balance + ";").getBytes(StandardCharsets.UTF_8)));
			this.blobs.forEach((name, blob) -> {
				digest.update(name.getBytes(StandardCharsets.UTF_8));
				digest.update(blob);
			});
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a snapshot holds.
	 */
	public record Snapshot(Map<String, Long> balances, Map<String, byte[]> blobs) {

	}

}
