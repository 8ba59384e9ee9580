package dev.tollgate.reports;

import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.Map;

/**
 * One row of a usage report.
 *
 * @param bucketStart the start of the row's bucket, or null for {@link Bucket#NONE}
 * @param groups the row's value of each grouping of the query ("" where the events had none)
 * @param costNanos the summed actual cost
 * @param tokens every token of every kind
 * @param requests the number of billable events
 * @param kinds the sums per usage kind
 */
public record ReportRow(
    Instant bucketStart,
    Map<Grouping, String> groups,
    long costNanos,
    long tokens,
    long requests,
    Map<UsageKind, Long> kinds) {}
