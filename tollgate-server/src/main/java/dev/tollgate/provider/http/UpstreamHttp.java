package dev.tollgate.provider.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.config.TollgateConfig.ProviderEntry;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.provider.UpstreamStatusException;
import dev.tollgate.proxy.ProxyException;
import dev.tollgate.proxy.openai.OpenAiCodec;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.parsetools.RecordParser;
import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP side every real upstream shares, whatever its wire format: a JSON POST answered whole,
 * or answered as server-sent events passed on one by one while the client keeps up (the upstream is
 * paused while the client's write queue is full, and cut when the client closes). Failures become
 * the gateway's errors: 504 when the upstream stays silent past the entry's {@code
 * timeout_seconds}, 502 when it cannot be reached or sends something that is not JSON. No header is
 * ever logged or echoed, so keys stay out of messages.
 */
public final class UpstreamHttp {

  /** A connection that cannot be opened within this is refused rather than waited on. */
  private static final long CONNECT_TIMEOUT_MS = 10_000;

  /** The most URLs {@link #post} keeps parsed; beyond, each is parsed on every call. */
  static final int PARSED_URLS = 256;

  private final HttpClient client;
  private final ProviderEntry entry;
  private final Map<String, Target> targets = new ConcurrentHashMap<>();

  /** Calls for {@code entry} through the shared {@code client}. */
  public UpstreamHttp(HttpClient client, ProviderEntry entry) {
    this.client = client;
    this.entry = entry;
  }

  /**
   * One server-sent event.
   *
   * @param name its {@code event:} field, or "" when it had none (OpenAI's streams)
   * @param data its {@code data:}, a JSON object
   */
  public record SseEvent(String name, ObjectNode data) {}

  /** A POST of JSON to {@code url}, bounded by the entry's timeout; the caller adds its headers. */
  public RequestOptions post(String url, boolean stream) {
    Target to = target(url);
    return new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(to.host())
        .setPort(to.port())
        .setSsl(to.ssl())
        .setURI(to.uri())
        .setConnectTimeout(Math.min(CONNECT_TIMEOUT_MS, entry.timeout().toMillis()))
        .setIdleTimeout(entry.timeout().toMillis())
        .putHeader("content-type", "application/json")
        .putHeader("accept", stream ? "text/event-stream" : "application/json");
  }

  /**
   * Where {@code url} goes, as {@link RequestOptions#setAbsoluteURI} parses it, parsed once: that
   * parse goes through {@code java.net.URL} on every call, under a lock in its handler lookup (2.6%
   * of the event loops' samples at saturation, docs/BENCHMARKS.md). The URLs of an entry are few
   * (its base URL and endpoints, and for some providers its models' names).
   */
  Target target(String url) {
    Target known = targets.get(url);
    if (known != null) {
      return known;
    }
    RequestOptions parsed = new RequestOptions().setAbsoluteURI(url);
    Target to =
        new Target(
            parsed.getHost(),
            parsed.getPort(),
            Boolean.TRUE.equals(parsed.isSsl()),
            parsed.getURI());
    if (targets.size() < PARSED_URLS) {
      targets.putIfAbsent(url, to);
    }
    return to;
  }

  /** A URL's parts: what a request needs to be sent there. */
  record Target(String host, int port, boolean ssl, String uri) {}

  /**
   * Sends {@code body} and reads the whole answer.
   *
   * @return the upstream's answer, whatever its status; failed with a {@link ProxyException} only
   *     if there was no answer (502, 504)
   */
  public Future<ProviderResponse> send(RequestOptions options, ObjectNode body) {
    return client
        .request(options)
        .compose(request -> request.send(bytes(body)))
        .compose(response -> response.body().map(b -> answer(response, b)))
        .recover(e -> Future.failedFuture(translate(e)));
  }

  /**
   * Sends {@code body} and hands each server-sent event of a 2xx answer to {@code events}. An
   * answer that is not 2xx fails the future with {@link UpstreamStatusException}. If {@code events}
   * throws, the upstream is cut and the future fails with what it threw. When {@code out} is given,
   * the upstream pauses while its write queue is full and is cut when it closes.
   *
   * @return completed when the upstream ended the stream
   */
  public Future<Void> stream(
      RequestOptions options, ObjectNode body, Handler<SseEvent> events, HttpServerResponse out) {
    Promise<Void> done = Promise.promise();
    client
        .request(options)
        .onFailure(done::tryFail)
        .onSuccess(
            request -> {
              if (out != null) {
                // The client went away: cut the upstream so it stops generating (and billing).
                out.closeHandler(
                    v -> {
                      request.reset();
                      done.tryFail(new ClientGone());
                    });
              }
              request
                  .send(bytes(body))
                  .onFailure(done::tryFail)
                  .onSuccess(response -> read(response, request, events, out, done));
            });
    return done.future().recover(e -> Future.failedFuture(translate(e)));
  }

  private void read(
      HttpClientResponse response,
      HttpClientRequest request,
      Handler<SseEvent> events,
      HttpServerResponse out,
      Promise<Void> done) {
    if (response.statusCode() / 100 != 2) {
      response
          .body()
          .onFailure(done::tryFail)
          .onSuccess(b -> done.tryFail(new UpstreamStatusException(answer(response, b))));
      return;
    }
    RecordParser lines = RecordParser.newDelimited("\n", response);
    SseReader reader = new SseReader(this::event);
    // The client's idle timeout does not cover a stream that goes silent between events.
    IdleWatch idle =
        new IdleWatch(
            io.vertx.core.Vertx.currentContext().owner(),
            entry.timeout().toMillis(),
            () -> {
              done.tryFail(timeout());
              request.reset();
            });
    done.future().onComplete(v -> idle.stop());
    response.exceptionHandler(done::tryFail);
    lines.exceptionHandler(done::tryFail);
    lines.endHandler(
        v -> {
          try {
            reader.end().ifPresent(events::handle);
            done.tryComplete();
          } catch (RuntimeException e) {
            done.tryFail(e);
          }
        });
    lines.handler(
        line -> {
          idle.heard();
          if (done.future().isComplete()) {
            return;
          }
          try {
            reader.line(line).ifPresent(events::handle);
          } catch (RuntimeException e) {
            // Failed first: resetting fails the response too, and that must not be the cause.
            done.tryFail(e);
            request.reset();
            return;
          }
          if (out != null && out.writeQueueFull()) {
            lines.pause();
            // A client reading slowly is not a silent upstream.
            idle.stop();
            out.drainHandler(
                d -> {
                  idle.resume();
                  lines.resume();
                });
          }
        });
  }

  /** The upstream's answer: its status, its JSON body and when it says to retry, if it does. */
  private ProviderResponse answer(HttpClientResponse response, Buffer bytes) {
    return new ProviderResponse(
        response.statusCode(),
        json(bytes.getBytes()),
        ProviderResponse.retryAfter(
            response.getHeader("retry-after-ms"), response.getHeader("retry-after")),
        bytes);
  }

  /** The event of a name and a data text, or null for OpenAI's closing {@code [DONE]}. */
  private SseEvent event(String name, String data) {
    if (data.equals("[DONE]")) {
      return null;
    }
    try {
      JsonNode node = OpenAiCodec.JSON.readTree(data);
      if (node instanceof ObjectNode object) {
        return new SseEvent(name, object);
      }
    } catch (JsonProcessingException e) {
      // Falls through to the error below; the broken text is not echoed back.
    }
    throw failure(502, "upstream_malformed", "sent a stream event that is not a JSON object");
  }

  /**
   * {@code body} as it goes upstream: with {@code model} (the name the upstream knows the model by)
   * and without the {@code dropped} fields. A shallow copy when anything changes, so the call's
   * body stays as the gateway decided it and no message is copied.
   */
  public static ObjectNode withModel(ObjectNode body, String model, String... dropped) {
    boolean drop = false;
    for (String field : dropped) {
      drop |= body.has(field);
    }
    if (model.equals(body.path("model").asText()) && !drop) {
      return body;
    }
    ObjectNode copy = JsonNodeFactory.instance.objectNode();
    copy.setAll(body);
    copy.put("model", model);
    copy.remove(java.util.List.of(dropped));
    return copy;
  }

  /** {@code model} without the entry's {@code catalog_provider/} prefix, if it has it. */
  public String bareModel(String model) {
    String prefix = entry.catalogProvider() + "/";
    return model.startsWith(prefix) ? model.substring(prefix.length()) : model;
  }

  /** {@code body} as bytes to send. */
  public static Buffer bytes(ObjectNode body) {
    try {
      return Buffer.buffer(OpenAiCodec.JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed body could not be written back", e);
    }
  }

  /** The upstream's body as JSON; a body that is not a JSON object is a 502. */
  private ObjectNode json(byte[] bytes) {
    try {
      if (OpenAiCodec.JSON.readTree(bytes) instanceof ObjectNode body) {
        return body;
      }
    } catch (IOException e) {
      // Handled below.
    }
    throw failure(502, "upstream_malformed", "answered with a body that is not a JSON object");
  }

  private Throwable translate(Throwable e) {
    if (e instanceof ProxyException
        || e instanceof UpstreamStatusException
        || e instanceof ClientGone) {
      return e;
    }
    if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
      return timeout();
    }
    if (e instanceof ConnectException) {
      return failure(502, "upstream_unavailable", "could not be reached at " + entry.baseUrl());
    }
    return failure(
        502,
        "upstream_unavailable",
        "failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
  }

  private ProxyException timeout() {
    return failure(
        504,
        "upstream_timeout",
        "did not answer within " + entry.timeout().toSeconds() + " s (timeout_seconds)");
  }

  /** The gateway's error about this upstream: {@code what} it did, after its name. */
  public ProxyException failure(int status, String code, String what) {
    String type = status == 504 ? "upstream_timeout" : "upstream_error";
    return new ProxyException(
        status,
        type,
        code,
        null,
        "The provider '" + entry.name() + "' " + what + ".",
        OptionalLong.empty());
  }

  /** The client closed its stream; nobody will read an answer. No stack trace: not a bug. */
  private static final class ClientGone extends IOException {
    ClientGone() {
      super("the client closed the stream");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
