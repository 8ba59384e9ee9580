package dev.tollgate.provider.simulated;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.provider.ChatCall;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.UpstreamStatusException;
import dev.tollgate.proxy.ProxyException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated provider as a standalone HTTP server, speaking OpenAI's {@code
 * /v1/chat/completions}, {@code /v1/completions} and {@code /v1/embeddings} and Anthropic's {@code
 * /v1/messages}, plain and streamed (server-sent events, paced by the options' chunk delay). It
 * runs the same provider code as the in-process simulated provider, and puts its faults on the
 * wire: an error status with its body and {@code retry-after}, a body (or first event) that is not
 * JSON, a connection dropped mid-stream. It is a benchmark upstream, so a request costs one JSON
 * parse and one write per chunk; no key is checked.
 */
public final class SimulatedServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A body that starts as JSON and breaks off: what a malformed answer looks like. */
  private static final Buffer BROKEN = Buffer.buffer("{\"id\":\"broken\",\"choices\":[{\"ind");

  private final Vertx vertx;
  private final List<HttpServer> servers;

  private SimulatedServer(Vertx vertx, List<HttpServer> servers) {
    this.vertx = vertx;
    this.servers = servers;
  }

  /**
   * Listens on {@code host:port} (0 for a free port) with one server per event loop sharing the
   * port, and returns once it listens.
   *
   * @throws IllegalStateException if it cannot listen
   */
  public static SimulatedServer start(SimulatedOptions options, String host, int port) {
    Vertx vertx = Vertx.vertx();
    Handler handler = new Handler(options);
    List<HttpServer> servers = new ArrayList<>();
    try {
      int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
      // Vert.x shares one port among the servers of a Vertx instance, a random one for port 0.
      for (int i = 0; i < loops; i++) {
        HttpServer server =
            vertx
                .createHttpServer(new HttpServerOptions().setTcpNoDelay(true))
                .requestHandler(handler::handle);
        server.listen(port, host).await(10, TimeUnit.SECONDS);
        servers.add(server);
      }
    } catch (Exception e) {
      vertx.close();
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
    }
    return new SimulatedServer(vertx, List.copyOf(servers));
  }

  /** The port it listens on. */
  public int port() {
    return servers.getFirst().actualPort();
  }

  /** Stops listening and closes every connection. */
  @Override
  public void close() {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Closing anyway.
    }
  }

  /** Routes a request to the provider of its path and writes the answer. */
  private static final class Handler {

    private final SimulatedProvider chat;
    private final SimulatedMessagesProvider messages;
    private final SimulatedTextProvider text;
    private final AtomicLong ids = new AtomicLong();

    Handler(SimulatedOptions options) {
      this.chat = new SimulatedProvider(InstantSource.system(), options);
      this.messages = new SimulatedMessagesProvider(options);
      this.text = new SimulatedTextProvider(InstantSource.system(), options);
    }

    void handle(HttpServerRequest request) {
      request.body().onSuccess(body -> route(request, body));
    }

    private void route(HttpServerRequest request, Buffer bytes) {
      HttpServerResponse out = request.response();
      String path = request.path();
      boolean anthropic = path.equals("/v1/messages");
      ObjectNode body;
      try {
        body = JSON.readTree(bytes.getBytes()) instanceof ObjectNode o ? o : null;
      } catch (IOException e) {
        body = null;
      }
      if (body == null || request.method() != io.vertx.core.http.HttpMethod.POST) {
        error(out, 400, anthropic, "the body must be a JSON object, sent with POST");
        return;
      }
      ChatCall call =
          new ChatCall("sim-" + ids.incrementAndGet(), body.path("model").asText("sim"), body);
      boolean stream = body.path("stream").asBoolean(false);
      switch (path) {
        case "/v1/chat/completions" -> {
          if (stream) {
            sseHeaders(out);
            sse(out, chat.chatStream(call, c -> out.write("data: " + c + "\n\n"), out), true);
          } else {
            plain(out, chat.chat(call));
          }
        }
        case "/v1/messages" -> {
          if (stream) {
            sseHeaders(out);
            sse(out, messages.messagesStream(call, e -> out.write(e.wire()), out), false);
          } else {
            plain(out, messages.messages(call));
          }
        }
        case "/v1/completions" -> plain(out, text.completions(call));
        case "/v1/embeddings" -> plain(out, text.embeddings(call));
        default -> error(out, 404, anthropic, "no such path: " + path);
      }
    }

    private void plain(HttpServerResponse out, Future<ProviderResponse> answer) {
      answer.onComplete(
          done -> {
            if (done.succeeded()) {
              send(out, done.result());
            } else {
              fail(out, done.cause());
            }
          });
    }

    private void send(HttpServerResponse out, ProviderResponse response) {
      out.setStatusCode(response.status()).putHeader("content-type", "application/json");
      response
          .retryAfter()
          .ifPresent(d -> out.putHeader("retry-after", Long.toString(d.toSeconds())));
      out.end(response.body().toString());
    }

    /** Starts a stream: set before the first event, since a write sends the headers. */
    private static void sseHeaders(HttpServerResponse out) {
      out.setChunked(true)
          .putHeader("content-type", "text/event-stream")
          .putHeader("cache-control", "no-cache");
    }

    /**
     * Ends a stream whose headers {@link #sseHeaders} set before the first event; the end is {@code
     * data: [DONE]} for OpenAI and nothing more for Anthropic (message_stop is an event).
     */
    private void sse(HttpServerResponse out, Future<Void> done, boolean openAi) {
      done.onComplete(
          result -> {
            if (result.succeeded()) {
              out.end(openAi ? "data: [DONE]\n\n" : "");
            } else if (result.cause() instanceof UpstreamStatusException refused
                && !out.headWritten()) {
              out.setChunked(false).headers().remove("cache-control");
              send(out, refused.response());
            } else if (result.cause() instanceof ProxyException p
                && Simulation.MALFORMED.equals(p.code())) {
              out.end(
                  openAi ? "data: " + BROKEN + "\n\n" : "event: ping\ndata: " + BROKEN + "\n\n");
            } else {
              // Cut (or the reader left): drop the connection without the stream's end.
              out.reset();
            }
          });
    }

    private void fail(HttpServerResponse out, Throwable cause) {
      if (cause instanceof ProxyException p && Simulation.MALFORMED.equals(p.code())) {
        out.setStatusCode(200).putHeader("content-type", "application/json").end(BROKEN);
      } else {
        out.reset();
      }
    }

    private static void error(HttpServerResponse out, int status, boolean anthropic, String why) {
      ObjectNode body =
          anthropic ? Simulation.anthropicError(status) : Simulation.openAiError(status);
      ObjectNode error = (ObjectNode) body.get("error");
      error.put("message", why);
      error.put("type", "invalid_request_error");
      out.setStatusCode(status).putHeader("content-type", "application/json").end(body.toString());
    }
  }
}
