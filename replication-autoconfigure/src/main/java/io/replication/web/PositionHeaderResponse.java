package io.replication.web;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.Supplier;

import io.replication.ReplicationPosition;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * A response that sets the {@value ReplicationPosition#HEADER} header just before its
 * body starts, when headers can still change, and once more at the end of the request if
 * nothing was written: so the header includes every write the request made before it
 * answered.
 *
 * @author replication
 */
final class PositionHeaderResponse extends HttpServletResponseWrapper {

	private final Supplier<ReplicationPosition> position;

	PositionHeaderResponse(HttpServletResponse response, Supplier<ReplicationPosition> position) {
		super(response);
		this.position = position;
	}

	/**
	 * Set the header to the position now, unless the response is already committed.
	 */
	void setPositionHeader() {
		if (!isCommitted()) {
			String header = this.position.get().toHeader();
			if (!header.isEmpty()) {
				setHeader(ReplicationPosition.HEADER, header);
			}
		}
	}

	@Override
	public ServletOutputStream getOutputStream() throws IOException {
		setPositionHeader();
		return super.getOutputStream();
	}

	@Override
	public PrintWriter getWriter() throws IOException {
		setPositionHeader();
		return super.getWriter();
	}

	@Override
	public void flushBuffer() throws IOException {
		setPositionHeader();
		super.flushBuffer();
	}

	@Override
	public void sendError(int status) throws IOException {
		setPositionHeader();
		super.sendError(status);
	}

	@Override
	public void sendError(int status, String message) throws IOException {
		setPositionHeader();
		super.sendError(status, message);
	}

	@Override
	public void sendRedirect(String location) throws IOException {
		setPositionHeader();
		super.sendRedirect(location);
	}

}
