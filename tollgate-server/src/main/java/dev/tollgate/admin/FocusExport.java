package dev.tollgate.admin;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tollgate.reports.Bucket;
import dev.tollgate.reports.Grouping;
import dev.tollgate.reports.ReportQuery;
import dev.tollgate.reports.ReportRow;
import dev.tollgate.reports.UsageReports;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Spend as a FinOps FOCUS cost dataset (column names of FOCUS 1.0–1.2): one row per UTC day,
 * provider, model, key, team, project and service, from the daily rollups, paged so that it is
 * never held in memory whole.
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

  private static final List<Grouping> GROUPS =
      List.of(
          Grouping.PROVIDER,
          Grouping.MODEL,
          Grouping.KEY,
          Grouping.TEAM,
          Grouping.PROJECT,
          Grouping.SERVICE);

  private static final int PAGE = 5_000;

  private FocusExport() {}

  static void write(Writer out, UsageReports reports, Instant from, Instant to) throws IOException {
    out.write(String.join(",", COLUMNS) + "\n");
    for (long offset = 0; ; offset += PAGE) {
      List<ReportRow> page =
          reports.rows(
              new ReportQuery(from, to, Bucket.DAY, GROUPS, Map.of(), false, PAGE, offset));
      for (ReportRow row : page) {
        out.write(row(row));
      }
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  private static String row(ReportRow r) {
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
    StringBuilder line = new StringBuilder();
    for (String cell : cells) {
      line.append(line.isEmpty() ? "" : ",").append(ExportResource.EventCsv.cell(cell));
    }
    return line.append('\n').toString();
  }
}
