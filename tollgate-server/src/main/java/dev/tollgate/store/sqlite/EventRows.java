package dev.tollgate.store.sqlite;

import dev.tollgate.ledger.Adjustment;
import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.PromptPrefix;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * How ledger entries map to rows of V2__ledger.sql (with V5's saved cost and V9's prompt prefix),
 * both ways.
 */
final class EventRows {

  /** The usage columns, in {@link UsageKind} order. */
  static final List<String> KIND_COLUMNS =
      List.of(
          "input",
          "cache_read",
          "cache_write_5m",
          "cache_write_1h",
          "output",
          "reasoning",
          "input_audio",
          "output_audio",
          "images",
          "web_searches",
          "tool_calls");

  /** Every token of every kind, as an SQL sum over a row: {@link UsageEvent#totalTokens()}. */
  static final String TOKENS_SQL =
      "input + cache_read + cache_write_5m + cache_write_1h + input_audio"
          + " + output + reasoning + output_audio";

  /**
   * {@link dev.tollgate.ledger.UsageEvent#billable()} as an SQL condition on a row aliased {@code
   * e}: only billable events are summed.
   */
  static final String BILLABLE_SQL =
      "e.outcome NOT IN ('DENIED', 'CACHE_HIT') AND (e.outcome = 'SUCCESS' OR e.actual_nanos > 0 OR ("
          + TOKENS_SQL.replaceAll("([a-z_0-9]+)", "e.$1")
          + ") > 0)";

  static final String INSERT_EVENT =
      "INSERT OR IGNORE INTO ledger_events (id, time_ms, \"key\", \"user\", end_user, team, project,"
          + " service, provider, model_requested, model_used, "
          + String.join(", ", KIND_COLUMNS)
          + ", raw_usage, estimated_nanos, actual_nanos, cost_state, latency_ms, outcome,"
          + " fallback_from, fallback_reason, origin, saved_nanos, prompt_prefix, prefix_tokens)"
          + " VALUES ("
          + "?, ".repeat(33)
          + "?)";

  static final String SELECT_EVENT =
      "SELECT id, time_ms, \"key\", \"user\", end_user, team, project, service, provider,"
          + " model_requested, model_used, "
          + String.join(", ", KIND_COLUMNS)
          + ", raw_usage, estimated_nanos, actual_nanos, cost_state, latency_ms, outcome,"
          + " fallback_from, fallback_reason, origin, saved_nanos, prompt_prefix, prefix_tokens"
          + " FROM ledger_events WHERE id = ?";

  static final String INSERT_TAG = "INSERT INTO ledger_event_tags (event_id, tag) VALUES (?, ?)";

  static final String INSERT_ADJUSTMENT =
      "INSERT OR IGNORE INTO ledger_adjustments"
          + " (id, time_ms, budget_id, period_start_ms, kind, delta, actor, reason)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  static final String SELECT_ADJUSTMENTS =
      "SELECT id, time_ms, budget_id, period_start_ms, kind, delta, actor, reason"
          + " FROM ledger_adjustments WHERE budget_id = ? AND period_start_ms = ?"
          + " ORDER BY time_ms, rowid";

  private static final UsageKind[] KINDS = UsageKind.values();

  private EventRows() {}

  static void bind(PreparedStatement s, UsageEvent e) throws SQLException {
    Attribution who = e.who();
    int i = 1;
    s.setString(i++, e.id());
    s.setLong(i++, e.time().toEpochMilli());
    s.setString(i++, who.virtualKey());
    s.setString(i++, who.user());
    s.setString(i++, who.endUser());
    s.setString(i++, who.team());
    s.setString(i++, who.project());
    s.setString(i++, who.service());
    s.setString(i++, e.provider());
    s.setString(i++, e.modelRequested());
    s.setString(i++, e.modelUsed());
    Usage u = e.usage();
    for (UsageKind kind : KINDS) {
      s.setLong(i++, u.count(kind));
    }
    s.setString(i++, u.raw());
    s.setLong(i++, e.estimatedCost().nanos());
    s.setLong(i++, e.actualCost().nanos());
    s.setString(i++, e.costState().name());
    s.setLong(i++, e.latencyMillis());
    s.setString(i++, e.outcome().name());
    s.setString(i++, e.fallbackFrom());
    s.setString(i++, e.fallbackReason());
    s.setString(i++, e.origin().name());
    s.setLong(i++, e.savedCost().nanos());
    s.setString(i++, e.prefix().fingerprint());
    s.setLong(i, e.prefix().tokens());
  }

  /** The event on the current row of a {@link #SELECT_EVENT} result, with its tags. */
  static UsageEvent read(ResultSet r, List<String> tags) throws SQLException {
    Attribution who =
        new Attribution(
            r.getString(3),
            r.getString(4),
            r.getString(5),
            r.getString(6),
            r.getString(7),
            r.getString(8),
            tags);
    int i = 12;
    Usage.Builder usage = Usage.builder();
    for (UsageKind kind : KINDS) {
      usage.set(kind, r.getLong(i++));
    }
    usage.raw(r.getString(i++));
    return new UsageEvent(
        r.getString(1),
        Instant.ofEpochMilli(r.getLong(2)),
        who,
        r.getString(9),
        r.getString(10),
        r.getString(11),
        usage.build(),
        Money.ofNanos(r.getLong(i++)),
        Money.ofNanos(r.getLong(i++)),
        UsageEvent.CostState.valueOf(r.getString(i++)),
        r.getLong(i++),
        UsageEvent.Outcome.valueOf(r.getString(i++)),
        r.getString(i++),
        r.getString(i++),
        UsageEvent.Origin.valueOf(r.getString(i++)),
        Money.ofNanos(r.getLong(i++)),
        new PromptPrefix(r.getString(i++), r.getLong(i)));
  }

  static void bind(PreparedStatement s, Adjustment a) throws SQLException {
    s.setString(1, a.id());
    s.setLong(2, a.time().toEpochMilli());
    s.setString(3, a.budgetId());
    s.setLong(4, a.periodStart().toEpochMilli());
    s.setString(5, a.kind().name());
    s.setLong(6, a.delta());
    s.setString(7, a.actor());
    s.setString(8, a.reason());
  }

  /** The adjustment on the current row of a {@link #SELECT_ADJUSTMENTS} result. */
  static Adjustment readAdjustment(ResultSet r) throws SQLException {
    return new Adjustment(
        r.getString(1),
        Instant.ofEpochMilli(r.getLong(2)),
        r.getString(3),
        Instant.ofEpochMilli(r.getLong(4)),
        Adjustment.Kind.valueOf(r.getString(5)),
        r.getLong(6),
        r.getString(7),
        r.getString(8));
  }
}
