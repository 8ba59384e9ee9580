package dev.tollgate.admin;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Writer} onto a chunked HTTP response, for a worker thread: it sends 64 KiB chunks and,
 * when the client reads slower than the export is produced, waits for the response to drain, so at
 * most a few chunks are ever held in memory.
 */
final class ResponseWriter extends Writer {

  private static final int CHUNK = 64 * 1024;

  private final HttpServerResponse response;
  private final StringBuilder pending = new StringBuilder(CHUNK + 1024);

  ResponseWriter(HttpServerResponse response) {
    this.response = response;
    response.setWriteQueueMaxSize(4 * CHUNK);
  }

  @Override
  public void write(char[] chars, int off, int len) throws IOException {
    pending.append(chars, off, len);
    if (pending.length() >= CHUNK) {
      flush();
    }
  }

  @Override
  public void write(String s) throws IOException {
    pending.append(s);
    if (pending.length() >= CHUNK) {
      flush();
    }
  }

  @Override
  public void flush() throws IOException {
    if (pending.isEmpty()) {
      return;
    }
    if (response.closed()) {
      throw new IOException("the client closed the connection");
    }
    if (response.writeQueueFull()) {
      CountDownLatch drained = new CountDownLatch(1);
      response.drainHandler(v -> drained.countDown());
      try {
        if (!response.writeQueueFull()) {
          drained.countDown();
        }
        if (!drained.await(60, TimeUnit.SECONDS)) {
          throw new IOException("the client stopped reading for 60 seconds");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    response.write(Buffer.buffer(pending.toString().getBytes(StandardCharsets.UTF_8)));
    pending.setLength(0);
  }

  @Override
  public void close() throws IOException {
    flush();
    response.end();
  }
}
