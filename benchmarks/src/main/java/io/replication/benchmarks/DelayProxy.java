package io.replication.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback that holds every byte for a fixed time in each direction: a
 * network round trip between the clients and a broker where the kernel offers no way to
 * add one (this machine's kernel has no {@code netem}). Run as a process of its own, so
 * that its CPU is not counted as the harness's or the broker's; it still takes its share
 * of the same cores, which a real network would not.
 * <p>
 * Each connection has two directions, each read by one thread and written by another,
 * which writes every chunk read once the chunk is {@code delay} old, in order.
 */
final class DelayProxy {

	private DelayProxy() {
	}

	/**
	 * Relay {@code 127.0.0.1:<listen port>} to {@code 127.0.0.1:<target port>}, holding
	 * bytes {@code <one-way delay µs>} in each direction, until killed.
	 * @param arguments listen port, target port, one-way delay in microseconds
	 */
	public static void main(String[] arguments) throws IOException {
		int listenPort = Integer.parseInt(arguments[0]);
		int targetPort = Integer.parseInt(arguments[1]);
		long delayNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(arguments[2]));
		InetAddress loopback = InetAddress.getLoopbackAddress();
		try (ServerSocket server = new ServerSocket()) {
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress(loopback, listenPort), 128);
			System.out.println("relaying 127.0.0.1:" + listenPort + " to 127.0.0.1:" + targetPort + ", " + arguments[2]
					+ " µs each way");
			while (true) {
				Socket client = server.accept();
				Socket broker;
				try {
					broker = new Socket(loopback, targetPort);
				}
				catch (IOException ex) {
					// The broker is not up yet (or no longer): the client sees a closed
					// connection, as it would without the relay, and tries again.
					close(client);
					continue;
				}
				client.setTcpNoDelay(true);
				broker.setTcpNoDelay(true);
				relay(client, broker, delayNanos, "to-broker");
				relay(broker, client, delayNanos, "to-client");
			}
		}
	}

	private static void relay(Socket from, Socket to, long delayNanos, String name) throws IOException {
		BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
		InputStream in = from.getInputStream();
		OutputStream out = to.getOutputStream();
		Thread reader = new Thread(() -> {
			byte[] buffer = new byte[256 * 1024];
			try {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					chunks.put(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
				}
			}
			catch (IOException | InterruptedException ex) {
				// The connection closed: the writer closes the other side.
			}
			chunks.add(Chunk.END);
		}, name + "-read");
		Thread writer = new Thread(() -> {
			try {
				while (true) {
					Chunk chunk = chunks.take();
					if (chunk == Chunk.END) {
						break;
					}
					long wait;
					while ((wait = chunk.due - System.nanoTime()) > 0) {
						LockSupport.parkNanos(wait);
					}
					out.write(chunk.bytes);
				}
			}
			catch (IOException | InterruptedException ex) {
				// The other side closed.
			}
			close(from);
			close(to);
		}, name + "-write");
		reader.setDaemon(true);
		writer.setDaemon(true);
		reader.start();
		writer.start();
	}

	private static void close(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closing anyway.
		}
	}

	private record Chunk(long due, byte[] bytes) {

		static final Chunk END = new Chunk(0, new byte[0]);

	}

}
