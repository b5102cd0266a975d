package io.replication.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Type;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes snapshots as JSON with the log's own mapper, read back as the type the state
 * declares: nothing in a snapshot chooses a type.
 *
 * @author replication
 */
public final class JacksonSnapshotCodec implements SnapshotCodec {

	private final JsonMapper mapper;

	public JacksonSnapshotCodec(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	public void write(Object snapshot, Type type, OutputStream out) throws IOException {
		try {
			this.mapper.writerFor(this.mapper.constructType(type)).writeValue(new NonClosing(out), snapshot);
		}
		catch (JacksonException ex) {
			throw new IOException("Snapshot does not encode as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	public Object read(Type type, InputStream in) throws IOException {
		try {
			return this.mapper.readerFor(this.mapper.constructType(type)).readValue(in);
		}
		catch (JacksonException ex) {
			throw new IOException("Snapshot does not decode as " + type.getTypeName() + ": " + ex.getOriginalMessage(),
					ex);
		}
	}

	// The caller owns the stream: the mapper closes what it writes to.
	private static final class NonClosing extends java.io.FilterOutputStream {

		NonClosing(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			this.out.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
