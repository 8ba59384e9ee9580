package dev.tollgate.reports;

import dev.tollgate.config.TollgateConfig;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what {@code retention} no longer keeps, measured on the injected clock: raw events older
 * than {@code raw_events_days} whole UTC days, hourly rollups older than {@code
 * hourly_rollups_months} months (cut at a UTC midnight). Cutting at midnights keeps every purged
 * hour inside a day whose daily rollup remains, so reports over whole days never change.
 */
public final class RetentionPurge {

  private static final Logger LOG = LoggerFactory.getLogger(RetentionPurge.class);

  private final UsageReports reports;
  private final TollgateConfig.Retention retention;
  private final InstantSource clock;

  public RetentionPurge(
      UsageReports reports, TollgateConfig.Retention retention, InstantSource clock) {
    this.reports = reports;
    this.retention = retention;
    this.clock = clock;
  }

  /**
   * Folds the finished days ({@link UsageReports#fold}), then purges once now; logs what it
   * deleted.
   */
  public void run() {
    Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
    reports.fold(today);
    Instant events =
        retention.rawEventsDays() == 0
            ? Instant.EPOCH.minus(1, ChronoUnit.DAYS)
            : today.minus(retention.rawEventsDays(), ChronoUnit.DAYS);
    Instant hours =
        retention.hourlyRollupsMonths() == 0
            ? Instant.EPOCH.minus(1, ChronoUnit.DAYS)
            : today.atZone(ZoneOffset.UTC).minusMonths(retention.hourlyRollupsMonths()).toInstant();
    long deleted = reports.purge(events, hours);
    if (deleted > 0) {
      LOG.info(
          "retention: deleted {} usage events before {} and hourly rollups before {}",
          deleted,
          events,
          hours);
    }
  }
}
