package dev.tollgate.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.budget.Estimate;
import dev.tollgate.budget.Reservation;
import dev.tollgate.keys.VirtualKey;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.PromptPrefix;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.provider.NativeUsage;
import dev.tollgate.provider.Provider;
import dev.tollgate.provider.ProviderResponse;
import dev.tollgate.proxy.openai.ChatRequest;
import dev.tollgate.routing.Deployment;
import dev.tollgate.routing.Target;
import dev.tollgate.usage.ApiFormat;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.List;

/** One request on its way through the {@link Chain}: what each step found out, for the next. */
public final class Exchange {

  final String requestId;
  final Instant startedAt;
  final long startNanos;
  final MultiMap headers;
  final byte[] rawBody;

  /** Where a stream is written as it arrives; the chain's caller answers everything else. */
  final HttpServerResponse out;

  /** Whether the answer's headers have gone out as a stream: errors then become SSE events. */
  boolean streaming;

  /** Whether the client asked for the usage chunk (the gateway always asks upstream). */
  boolean clientWantsUsage;

  /**
   * Characters of generated text relayed so far in a stream: what a stream cut off before its usage
   * chunk is billed by (a quarter of a token each, as {@link TokenEstimator} counts).
   */
  long streamedChars;

  /**
   * The last event of a stream whose usage it carries (Responses' {@code response.completed}), held
   * back until the ledger has that usage; null if none.
   */
  ObjectNode heldEvent;

  /**
   * The usage a stream reported before it ended, as a response body ({@code {"usage": …}}), or
   * null: Anthropic's {@code message_start} carries the exact input, so a stream cut after it is
   * billed from that rather than from the estimate.
   */
  ObjectNode streamedUsage;

  /** The wire format of the request and of the provider's answer. */
  ApiFormat format = ApiFormat.OPENAI_CHAT;

  ChatRequest request;

  /** The virtual key the request authenticated with. */
  VirtualKey key;

  Attribution who;

  /**
   * The prices this request is reserved, metered and recorded by, from start to end: the book in
   * force when it arrived ({@link PriceStep}). A price change while it runs applies to later
   * requests only, so its worst case and its cost always come from the same card.
   */
  Pricer pricer;

  /** The catalog entry of the model that will serve, from {@link #pricer}; null when unpriced. */
  ModelPrice model;

  /** The provider that serves the request, as routing chose it. */
  Provider provider;

  /** The model name sent upstream. */
  String servedModel;

  /** The fingerprint of the prompt's prefix ({@link PromptFingerprint}), for the ledger. */
  PromptPrefix prefix = PromptPrefix.NONE;

  /** The input tokens as {@link InputTokens} counted them; -1 until counted. */
  long inputTokens = -1;

  /** The name the pricer resolves to the serving deployment's price card. */
  String pricedAs;

  /** The models to try, in order, with their deployments; set by {@link RouteStep}. */
  List<Target> plan = List.of();

  /**
   * The {@link Deployment#reservationKey()} the reservation was made for; null while none is held.
   */
  String reservedFor;

  /** Retryable upstream failures so far, for the log and the ledger's fallback reason. */
  int failedAttempts;

  /** Sets the deployment that serves the next attempt. */
  void use(Deployment d) {
    provider = d.provider();
    model = d.price();
    servedModel = d.upstreamModel();
    pricedAs = d.pricedAs();
  }

  /** The reservation key of the deployment set by {@link #use}. */
  String reservationKey() {
    return provider.id() + "|" + (model != null ? model.qualifiedId() : pricedAs);
  }

  String fallbackFrom = "";
  String fallbackReason = "";
  Estimate estimate;
  Reservation reservation;

  /** Tokens {@link RateLimitStep} took from the key's bucket, to give back what goes unused. */
  long rateLimitedTokens;

  /** Whether the budget engine capped the output bound: the answer is not the one asked for. */
  boolean capped;

  /** The response-cache key of a request that may be cached; null when caching does not apply. */
  String cacheKey;

  /** What the cached answer cost when first served, on a cache hit; null otherwise. */
  Money cacheSaved;

  /**
   * What is left of the tightest cost budget after settlement ({@link
   * dev.tollgate.budget.BudgetEngine#remainingCost}); null when none applies.
   */
  Money budgetRemaining;

  /** The catalog id the rate limiter knew the model by, or null. */
  String rateLimitedModel;

  ProviderResponse response;

  /**
   * The upstream's usage in its own format, when a provider translated its answer into the
   * client's: what the meter prices instead of the translated usage, which may have lost counts.
   */
  NativeUsage nativeUsage;

  UsageEvent event;

  /** Whether {@link #event} is durable in the ledger: the metrics count its cost only then. */
  boolean eventDurable;

  /** The endpoint's path, a label of the metrics; set by {@link Answers#exchange}. */
  String endpoint = "";

  /** Nanoseconds spent in provider calls, all attempts together (a stream's whole length). */
  long upstreamNanos;

  /** Nanoseconds from the arrival to a stream's first byte to the client; -1 when none went. */
  long firstByteNanos = -1;

  /** The budget whose denial answered 402, or null. */
  String deniedBy;

  private Throwable failure;

  Exchange(
      String requestId,
      Instant startedAt,
      MultiMap headers,
      byte[] rawBody,
      HttpServerResponse out) {
    this.out = out;
    this.requestId = requestId;
    this.startedAt = startedAt;
    this.startNanos = System.nanoTime();
    this.headers = headers;
    this.rawBody = rawBody;
  }

  /** The first failure on the way, or null. */
  public Throwable failure() {
    return failure;
  }

  /** Records {@code e} unless an earlier failure is already recorded. */
  void fail(Throwable e) {
    if (failure == null) {
      failure = e;
    }
  }
}
