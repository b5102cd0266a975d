package io.replication.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

/**
 * Encodes a state's snapshots as bytes and back, streaming, so that a snapshot of
 * hundreds of MB is never held as one array.
 *
 * @author replication
 */
public interface SnapshotCodec {

	/**
	 * Write a snapshot.
	 * @param snapshot the value {@code snapshot()} returned
	 * @param type the snapshot type the state declares
	 * @param out where to write; not closed
	 * @throws IOException if writing fails
	 */
	void write(Object snapshot, Type type, OutputStream out) throws IOException;

	/**
	 * Read a snapshot.
	 * @param type the snapshot type the state declares
	 * @param in the bytes {@link #write} wrote
	 * @return the snapshot
	 * @throws IOException if the bytes cannot be read or do not decode
	 */
	Object read(Type type, InputStream in) throws IOException;

}
