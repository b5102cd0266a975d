package io.replication.sample.crash;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 between Kafka's clients and a broker that injects network
 * faults: every byte delayed, every byte dropped (a black hole: connections stay open and
 * nothing arrives), or every connection cut. The broker advertises the proxy's port, so
 * every client connection, after the bootstrap too, goes through it.
 */
final class FaultyProxy implements AutoCloseable {

	enum Fault {

		/** Bytes pass unchanged. */
		NONE,

		/** Each chunk of bytes waits before it is passed on, in order. */
		DELAY,

		/** Bytes are read and dropped, both ways. */
		BLACK_HOLE,

		/** A connection is cut as soon as it carries a byte: a flapping network. */
		CUT

	}

	private final ServerSocket server;

	private final int targetPort;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile Fault fault = Fault.NONE;

	private volatile Duration delay = Duration.ZERO;

	private volatile boolean open = true;

	FaultyProxy(int port, int targetPort) throws IOException {
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		this.targetPort = targetPort;
		Thread acceptor = new Thread(this::accept, "proxy-accept-" + port);
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int targetPort() {
		return this.targetPort;
	}

	void pass() {
		this.fault = Fault.NONE;
	}

	void delay(Duration delay) {
		this.delay = delay;
		this.fault = Fault.DELAY;
	}

	void blackHole() {
		this.fault = Fault.BLACK_HOLE;
	}

	/**
	 * Cut every connection now, and every new one as soon as it carries a byte, until
	 * {@link #pass()}.
	 */
	void flap() {
		this.fault = Fault.CUT;
		cut();
	}

	/**
	 * Close every connection now, both sides; new ones are accepted.
	 */
	void cut() {
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
		this.sockets.clear();
	}

	private void accept() {
		while (this.open) {
			try {
				Socket client = this.server.accept();
				Socket broker = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.sockets.add(client);
				this.sockets.add(broker);
				pump(client, broker, "up");
				pump(broker, client, "down");
			}
			catch (IOException ex) {
				// Closed, or the broker is not listening: the client sees a failed
				// connect.
			}
		}
	}

	private void pump(Socket from, Socket to, String direction) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[64 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
					Fault current = this.fault;
					if (current == Fault.BLACK_HOLE) {
						continue;
					}
					if (current == Fault.CUT) {
						break;
					}
					if (current == Fault.DELAY) {
						// The fault itself: this connection's bytes arrive late.
						Thread.sleep(this.delay.toMillis());
					}
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				// Cut, or closed by either side.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		}, "proxy-" + direction + "-" + from.getPort());
		pump.setDaemon(true);
		pump.start();
	}

	@Override
	public void close() {
		this.open = false;
		closeQuietly(this.server);
		cut();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing anyway.
		}
	}

}
