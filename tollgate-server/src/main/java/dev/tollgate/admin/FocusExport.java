package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportRow;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Spend as a FinOps FOCUS cost dataset (column names of FOCUS 1.0–1.2): one row per UTC day and
 * {@link #GROUPS}, from the daily rollups ({@link RollupExport#rows}). Every value is a string, as
 * in the CSV the format is defined by.
 *
 * <p>Tollgate prices with the catalog's rates after any configured discount and knows no separate
 * list or contracted price, so BilledCost, EffectiveCost, ListCost and ContractedCost are the same
 * exact amount. ConsumedQuantity is every token of every kind, in the unit "Tokens".
 */
final class FocusExport {

  static final List<String> COLUMNS =
      List.of(
          "BilledCost",
          "EffectiveCost",
          "ListCost",
          "ContractedCost",
          "BillingCurrency",
          "BillingPeriodStart",
          "BillingPeriodEnd",
          "ChargePeriodStart",
          "ChargePeriodEnd",
          "ChargeCategory",
          "ChargeDescription",
          "ChargeFrequency",
          "ConsumedQuantity",
          "ConsumedUnit",
          "ProviderName",
          "PublisherName",
          "InvoiceIssuerName",
          "ServiceName",
          "ServiceCategory",
          "SkuId",
          "SubAccountId",
          "Tags");

  /** What a row is per day: a charge is a model's use by a key, with its owner as tags. */
  static final List<Grouping> GROUPS =
      List.of(
          Grouping.PROVIDER,
          Grouping.MODEL,
          Grouping.KEY,
          Grouping.TEAM,
          Grouping.PROJECT,
          Grouping.SERVICE);

  private FocusExport() {}

  static ObjectNode json(ReportRow r) {
    Instant day = r.bucketStart();
    ZonedDateTime month = day.atZone(ZoneOffset.UTC).withDayOfMonth(1);
    String cost = UsageResource.usd(r.costNanos());
    String provider = r.groups().get(Grouping.PROVIDER);
    String model = r.groups().get(Grouping.MODEL);
    ObjectNode tags = JsonNodeFactory.instance.objectNode();
    for (Grouping g : List.of(Grouping.TEAM, Grouping.PROJECT, Grouping.SERVICE)) {
      if (!r.groups().get(g).isEmpty()) {
        tags.put(g.wire(), r.groups().get(g));
      }
    }
    List<String> cells =
        List.of(
            cost,
            cost,
            cost,
            cost,
            "USD",
            month.toInstant().toString(),
            month.plusMonths(1).toInstant().toString(),
            day.toString(),
            day.plus(1, ChronoUnit.DAYS).toString(),
            "Usage",
            model + " tokens via Tollgate (" + r.requests() + " requests)",
            "Usage-Based",
            Long.toString(r.tokens()),
            "Tokens",
            provider,
            provider,
            provider,
            model,
            "AI and Machine Learning",
            model,
            r.groups().get(Grouping.KEY),
            tags.toString());
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    for (int i = 0; i < COLUMNS.size(); i++) {
      o.put(COLUMNS.get(i), cells.get(i));
    }
    return o;
  }
}
