package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.usage.UsageKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A usage event as a row of an export: its attribution, tags, usage by kind, exact estimated and
 * actual cost (decimal USD strings), outcome and fallback. Counts are JSON numbers.
 */
final class EventRow {

  /** The columns, in order. */
  static final List<String> COLUMNS = columns();

  private EventRow() {}

  private static List<String> columns() {
    List<String> h =
        new ArrayList<>(
            List.of(
                "id",
                "time",
                "key",
                "user",
                "end_user",
                "team",
                "project",
                "service",
                "tags",
                "provider",
                "model_requested",
                "model_used"));
    for (UsageKind k : UsageKind.values()) {
      h.add(k.name().toLowerCase(Locale.ROOT));
    }
    h.addAll(
        List.of(
            "estimated_cost_usd",
            "cost_usd",
            "cost_state",
            "latency_ms",
            "outcome",
            "fallback_from",
            "fallback_reason",
            "origin",
            "saved_usd"));
    return List.copyOf(h);
  }

  static ObjectNode json(UsageEvent e) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", e.id())
        .put("time", e.time().toString())
        .put("key", e.who().virtualKey())
        .put("user", e.who().user())
        .put("end_user", e.who().endUser())
        .put("team", e.who().team())
        .put("project", e.who().project())
        .put("service", e.who().service());
    e.who().tags().forEach(o.putArray("tags")::add);
    o.put("provider", e.provider())
        .put("model_requested", e.modelRequested())
        .put("model_used", e.modelUsed());
    for (UsageKind k : UsageKind.values()) {
      o.put(k.name().toLowerCase(Locale.ROOT), e.usage().count(k));
    }
    o.put("estimated_cost_usd", UsageResource.usd(e.estimatedCost().nanos()))
        .put("cost_usd", UsageResource.usd(e.actualCost().nanos()))
        .put("cost_state", e.costState().name())
        .put("latency_ms", e.latencyMillis())
        .put("outcome", e.outcome().name())
        .put("fallback_from", e.fallbackFrom())
        .put("fallback_reason", e.fallbackReason())
        .put("origin", e.origin().name())
        .put("saved_usd", UsageResource.usd(e.savedCost().nanos()));
    return o;
  }
}
