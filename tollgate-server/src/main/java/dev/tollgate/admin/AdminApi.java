package dev.tollgate.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.Accounting;
import dev.tollgate.audit.Audit;
import dev.tollgate.catalog.PriceChanges;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.credentials.ProviderCredentials;
import dev.tollgate.keys.AdminKeys;
import dev.tollgate.keys.AdminRole;
import dev.tollgate.keys.AdminToken;
import dev.tollgate.keys.AdminTokens;
import dev.tollgate.keys.VirtualKeys;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.proxy.RequestBody;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin API under {@value #PREFIX}: JSON in and out, {@code Authorization: Bearer <admin key>}
 * on every request (401 without one that {@link AdminKeys} accepts). Handlers run one at a time on
 * a worker thread, in arrival order, because they write to the store and change the gateway's keys
 * and budgets: two admin changes never interleave, and the event loops never wait on a disk. A long
 * read that changes nothing ({@link AdminRouter#longList}) runs on a worker beside that queue.
 */
public final class AdminApi implements Handler<HttpServerRequest> {

  /** Where the admin API lives. */
  public static final String PREFIX = "/admin/v1";

  /** The largest body accepted: a key's settings or a usage record are a few hundred bytes. */
  static final int MAX_BODY = 64 * 1024;

  /**
   * The largest body of a price feed import: LiteLLM's feed is about 1.5 MB and genai-prices' 0.4
   * MB, so 16 MiB leaves room to grow without letting a client fill the heap.
   */
  static final int MAX_FEED_BODY = 16 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);

  private static final String TOO_LARGE =
      error(new AdminException(413, "request_too_large", null, "the body exceeds 64 KiB"))
          .toString();

  private static final String FEED_TOO_LARGE =
      error(new AdminException(413, "request_too_large", "feed", "the feed exceeds 16 MiB"))
          .toString();

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private final Vertx vertx;
  private final AdminKeys admins;
  private final AdminTokens tokens;
  private final AdminRouter router = new AdminRouter();
  private final LedgerWriter writer;

  /** How long an admin route waits for the ledger writer to catch up before it fails. */
  private static final long FLUSH_WAIT_SECONDS = 30;

  /**
   * The API over the gateway's keys, their budgets, the prices in force, the providers' stored
   * credentials, the scoped admin tokens, the audit log, which every change is recorded in, the
   * usage reports, and the recommendations made from {@code analysis}.
   */
  public AdminApi(
      Vertx vertx,
      AdminKeys admins,
      AdminTokens tokens,
      Audit audit,
      VirtualKeys keys,
      Accounting accounting,
      PriceChanges prices,
      ProviderCredentials credentials,
      TollgateConfig.Providers providers,
      java.util.function.Predicate<TollgateConfig.ProviderEntry> serving,
      java.time.InstantSource clock,
      dev.tollgate.reports.UsageReports reports,
      dev.tollgate.recommend.LedgerAnalysis analysis) {
    this.vertx = vertx;
    this.admins = admins;
    this.tokens = tokens;
    this.writer = accounting.writer();
    new KeysResource(keys, accounting.keyBudgets(), clock, audit).register(router);
    new BudgetsResource(accounting, audit, keys, reports, clock).register(router);
    new ExternalUsageResource(accounting, prices.live(), clock, audit).register(router);
    new ProviderStatus(accounting, clock).register(router);
    new ModelsResource(prices.live()).register(router);
    new PricesResource(prices, clock, audit).register(router);
    new ProvidersResource(credentials, providers, serving, audit).register(router);
    new TokensResource(tokens, audit).register(router);
    new AuditResource(audit).register(router);
    new UsageResource(reports, clock).register(router);
    new ExportResource(reports, clock).register(router);
    new EndUsersResource(reports, audit).register(router);
    new RecommendationsResource(
            new dev.tollgate.recommend.Recommender(
                analysis, () -> prices.live().get().catalog(), keys, accounting, clock))
        .register(router);
  }

  /** The named JSON Schemas (2020-12) the routes' bodies refer to, for {@code /openapi.json}. */
  public static java.util.Map<String, JsonNode> schemas() {
    return java.util.Collections.unmodifiableMap(ApiSchemas.all());
  }

  /** Every admin route with who may call it, for {@code /openapi.json}. */
  public java.util.List<AdminRoute> routes() {
    return router.table();
  }

  @Override
  public void handle(HttpServerRequest request) {
    boolean feed = request.path().equals(PREFIX + "/prices/import");
    RequestBody.collect(
        request,
        feed ? MAX_FEED_BODY : MAX_BODY,
        feed ? FEED_TOO_LARGE : TOO_LARGE,
        body -> dispatch(request, body));
  }

  private void dispatch(HttpServerRequest request, byte[] body) {
    HttpServerResponse response = request.response();
    AdminRouter.Match match;
    AdminRequest parsed;
    try {
      Principal who = authenticate(request);
      String path = request.path().substring(PREFIX.length());
      match = router.match(request.method(), path);
      if (!match.access().allows(who.role())) {
        throw new AdminException(
            403,
            "role_forbidden",
            null,
            "the "
                + who.role().wire()
                + " role may not "
                + request.method().name()
                + " /admin/v1"
                + path);
      }
      parsed = new AdminRequest(who, match.params(), request.params(), object(body));
    } catch (AdminException e) {
      fail(response, e);
      return;
    }
    vertx
        .executeBlocking(
            () -> {
              // Every request answered so far is in the ledger before an admin route reads it:
              // answers go out once their event is journaled, the SQLite commit a moment later.
              writer.flushed().get(FLUSH_WAIT_SECONDS, TimeUnit.SECONDS);
              return match.handler().handle(parsed);
            },
            match.ordered())
        .onSuccess(r -> answer(response, r))
        .onFailure(e -> fail(response, e));
  }

  private void answer(HttpServerResponse response, AdminResponse r) {
    if (r.stream() == null) {
      send(response, r.status(), r.body());
      return;
    }
    response.setStatusCode(r.status()).setChunked(true).putHeader("content-type", r.contentType());
    // Not ordered: a long export must not hold up the admin changes queued behind it.
    vertx
        .executeBlocking(
            () -> {
              try (ResponseWriter out = new ResponseWriter(response)) {
                r.stream().writeTo(out);
              }
              return null;
            },
            false)
        .onFailure(
            e -> {
              // The status is sent: cutting the connection tells the client the body is short.
              LOG.warn("an admin export stopped: {}", e.toString());
              response.reset();
            });
  }

  private Principal authenticate(HttpServerRequest request) {
    String secret = bearer(request);
    String remote = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
    Optional<AdminToken> token = tokens.authenticate(secret);
    if (token.isPresent()) {
      AdminToken t = token.get();
      return new Principal(t.role(), t.team(), "token:" + t.id(), remote);
    }
    return admins
        .identify(secret)
        .map(
            id ->
                new Principal(
                    AdminRole.ADMIN,
                    "",
                    id.equals(AdminKeys.MASTER_ID) ? id : "admin-key:" + id,
                    remote))
        .orElseThrow(
            () ->
                new AdminException(
                    401,
                    "invalid_admin_key",
                    null,
                    "a missing or wrong admin key: send 'Authorization: Bearer <admin key>' (the"
                        + " tga-… key from the first start, TOLLGATE_ADMIN_KEY, or a tgt-… admin"
                        + " token)"));
  }

  private static ObjectNode object(byte[] body) {
    if (body.length == 0) {
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node instanceof ObjectNode o) {
        return o;
      }
      throw new AdminException(400, "invalid_json", null, "the body must be a JSON object");
    } catch (JsonProcessingException e) {
      throw new AdminException(
          400, "invalid_json", null, "the body is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new AdminException(400, "invalid_json", null, "the body is not JSON");
    }
  }

  private static String bearer(HttpServerRequest request) {
    String auth = request.getHeader("authorization");
    return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        ? auth.substring(7).strip()
        : null;
  }

  private static void fail(HttpServerResponse response, Throwable failure) {
    AdminException e;
    if (failure instanceof AdminException a) {
      e = a;
    } else {
      // Never echoes the request: a body may hold a provider key.
      LOG.error("admin request failed", failure);
      e = new AdminException(500, "internal_error", null, "the admin request failed; see the log");
    }
    send(response, e.status, error(e));
  }

  private static ObjectNode error(AdminException e) {
    ObjectNode error = JsonNodeFactory.instance.objectNode();
    error
        .putObject("error")
        .put("type", e.type())
        .put("code", e.code)
        .put("param", e.param)
        .put("message", e.getMessage());
    return error;
  }

  private static void send(HttpServerResponse response, int status, JsonNode body) {
    if (response.ended() || response.closed()) {
      return;
    }
    response
        .setStatusCode(status)
        .putHeader("content-type", "application/json")
        .end(body.toString());
  }
}
