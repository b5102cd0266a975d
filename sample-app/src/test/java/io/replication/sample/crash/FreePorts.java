package io.replication.sample.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ports free on the loopback interface at the time of asking, each handed out once per
 * test JVM: the kernel may offer a port it just gave again, and a broker given the same
 * port for two listeners does not start.
 */
public final class FreePorts {

	private static final Set<Integer> handedOut = ConcurrentHashMap.newKeySet();

	private FreePorts() {
	}

	public static int next() {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				int port = socket.getLocalPort();
				if (handedOut.add(port)) {
					return port;
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	/**
	 * A free port whose successor is free too, such as a broker's client port followed by
	 * its controller's.
	 * @return the first port of the pair
	 */
	public static int nextPair() {
		while (true) {
			int port = next();
			try (ServerSocket successor = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
				if (handedOut.add(port + 1)) {
					return port;
				}
			}
			catch (IOException ex) {
				// taken: try another pair
			}
		}
	}

}
