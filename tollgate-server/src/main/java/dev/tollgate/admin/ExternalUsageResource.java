package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.accounting.Accounting;
import dev.tollgate.audit.Audit;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.LedgerEntry;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.pricing.Cost;
import dev.tollgate.pricing.PriceOptions;
import dev.tollgate.pricing.PriceResult;
import dev.tollgate.pricing.Pricer;
import dev.tollgate.usage.Usage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code POST /admin/v1/usage}: usage that did not pass through the gateway (a batch job billed
 * directly, a provider console's figure), recorded in the ledger as an {@link
 * UsageEvent.Origin#EXTERNAL} event and counted against every budget it falls in. Idempotent by the
 * client's {@code request_id}: a repeat answers the original event with 200, a repeat with
 * different content is a 409. {@code POST /admin/v1/price} prices a hypothetical usage, line by
 * line, without recording anything.
 */
final class ExternalUsageResource {

  /** The ledger id of an external event: prefixed so it never meets a gateway request's id. */
  static final String ID_PREFIX = "external:";

  private final Accounting accounting;
  private final Supplier<Pricer> prices;
  private final InstantSource clock;
  private final Audit audit;

  ExternalUsageResource(
      Accounting accounting, Supplier<Pricer> prices, InstantSource clock, Audit audit) {
    this.audit = audit;
    this.accounting = accounting;
    this.prices = prices;
    this.clock = clock;
  }

  void register(AdminRouter router) {
    router
        .post(
            "/usage",
            Access.ADMIN_ONLY,
            AdminRouter.Doc.takes("UsageRecord", "UsageEvent"),
            this::record)
        .post("/price", Access.READ, AdminRouter.Doc.takes("PriceRequest", null), this::price);
  }

  private AdminResponse record(AdminRequest r) {
    r.only(ApiSchemas.USAGE_RECORD.names());
    String requestId = UsageJson.requestId(r.body());
    String provider = UsageJson.required(r.body(), "provider");
    String model = KeyJson.text(r.body(), "model");
    Usage usage = UsageJson.tokens(r.body());
    Instant now = clock.instant();
    Instant time = UsageJson.time(r.body(), now);
    Money cost = cost(r.body(), model, usage, time);
    UsageEvent e =
        new UsageEvent(
            ID_PREFIX + requestId,
            time,
            attribution(r.body()),
            provider,
            model,
            model,
            usage,
            cost,
            cost,
            UsageEvent.CostState.EXACT,
            0,
            UsageEvent.Outcome.SUCCESS,
            "",
            "",
            UsageEvent.Origin.EXTERNAL);
    Optional<UsageEvent> earlier = accounting.ledger().event(e.id());
    if (earlier.isPresent()) {
      return repeat(earlier.get(), e, r.body().has("time"));
    }
    List<LedgerEntry> added = accounting.ledger().append(List.of(e));
    if (added.isEmpty()) {
      // Admin requests run one at a time, so only a writer outside this API could get here first.
      return repeat(accounting.ledger().event(e.id()).orElseThrow(), e, r.body().has("time"));
    }
    // Not in one transaction with its audit row (Audit.atomically): the ledger has its own
    // connection and writer, so this change is made durable first and recorded right after. The
    // log never shows a change that did not happen; a failure in between loses that one row.
    // Durable first, then counted: a crash in between is repaired by the rebuild at start-up.
    accounting.budgetLedger().recordUsage(e);
    ObjectNode body = UsageJson.render(e, requestId);
    audit.record(r.principal().actor(), "usage.record", "usage:" + requestId, null, body);
    return AdminResponse.created(body);
  }

  private static AdminResponse repeat(UsageEvent earlier, UsageEvent now, boolean timeGiven) {
    boolean same =
        earlier.who().equals(now.who())
            && earlier.provider().equals(now.provider())
            && earlier.modelUsed().equals(now.modelUsed())
            && earlier.actualCost().equals(now.actualCost())
            && UsageJson.sameCounts(earlier.usage(), now.usage())
            && (!timeGiven || earlier.time().equals(now.time()));
    String requestId = earlier.id().substring(ID_PREFIX.length());
    if (!same) {
      throw new AdminException(
          409,
          "request_id_reused",
          "request_id",
          "request_id: '"
              + requestId
              + "' was already recorded with different content; send a new request_id");
    }
    return AdminResponse.ok(UsageJson.render(earlier, requestId));
  }

  private Money cost(ObjectNode body, String model, Usage usage, Instant time) {
    if (body.has("cost_usd")) {
      return UsageJson.usd(body.get("cost_usd"), "cost_usd");
    }
    if (model.isEmpty()) {
      throw AdminException.invalid("model", "required to price tokens; or send cost_usd");
    }
    if (usage.equals(Usage.NONE)) {
      throw AdminException.invalid("tokens", "required (e.g. {\"input\":1000}) unless cost_usd is");
    }
    return priced(model, usage, time).total();
  }

  private Cost priced(String model, Usage usage, Instant at) {
    PriceResult result = prices.get().price(model, usage, PriceOptions.at(at));
    if (result instanceof PriceResult.Priced p) {
      return p.cost();
    }
    String reason =
        result instanceof PriceResult.Unpriced u
            ? u.reason()
            : ((PriceResult.Refused) result).reason();
    throw AdminException.invalid("model", "'" + model + "' has no price: " + reason);
  }

  private AdminResponse price(AdminRequest r) {
    r.only(Set.of("model", "tokens", "time"));
    String model = UsageJson.required(r.body(), "model");
    Usage usage = UsageJson.tokens(r.body());
    Instant at = UsageJson.time(r.body(), clock.instant());
    Cost cost = priced(model, usage, at);
    return AdminResponse.ok(UsageJson.cost(cost, model));
  }

  private static Attribution attribution(ObjectNode body) {
    return new Attribution(
        KeyJson.text(body, "virtual_key"),
        KeyJson.text(body, "user"),
        KeyJson.text(body, "end_user"),
        KeyJson.text(body, "team"),
        KeyJson.text(body, "project"),
        KeyJson.text(body, "service"),
        KeyJson.tags(body));
  }
}
