package dev.tollgate.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.store.Store;
import dev.tollgate.store.sqlite.LedgerFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code storage.ledger_durability} decides whether a serving gateway journals its ledger events
 * (ADR 0007): with {@code process_crash} an append is in a journal segment before SQLite has it;
 * with {@code power_loss} there is no journal and an append completes once SQLite has it.
 */
class LedgerDurabilityTest {

  @TempDir Path dir;

  private TollgateConfig config(String durability) {
    return ConfigLoader.load(
            Optional.empty(), Map.of("TOLLGATE_LEDGER_DURABILITY", durability), dir)
        .withDataDir(dir.resolve("data"));
  }

  private static UsageEvent event(String id) {
    return LedgerFixtures.randomEvent(new Random(7), id, Instant.parse("2026-03-01T10:00:00Z"));
  }

  private static List<Path> segments(Path data) throws IOException {
    Path journal = data.resolve(Accounting.JOURNAL_DIR);
    if (!Files.isDirectory(journal)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(journal)) {
      return files.filter(p -> p.getFileName().toString().startsWith("segment-")).toList();
    }
  }

  @Test
  void byDefaultAServingGatewayJournalsEachEventBeforeItsCommit() throws IOException {
    TollgateConfig config = config("process_crash");
    Path data = config.storage().dataDir();
    try (Store store = Store.openSqlite(data, InstantSource.system());
        Accounting accounting = Accounting.open(config, store, InstantSource.system())) {
      accounting.writer().append(event("journaled")).join();

      assertThat(segments(data)).isNotEmpty();
      assertThat(accounting.ledger().event("journaled")).isPresent();
    }
    // Closed cleanly: everything committed, so no segment is left to replay.
    assertThat(segments(data)).isEmpty();
  }

  @Test
  void withPowerLossAnAppendCompletesOnlyOnceSqliteHasTheEventAndNothingIsJournaled()
      throws IOException {
    TollgateConfig config = config("power_loss");
    Path data = config.storage().dataDir();
    try (Store store = Store.openSqlite(data, InstantSource.system());
        Accounting accounting = Accounting.open(config, store, InstantSource.system())) {
      accounting.writer().append(event("committed")).join();

      // Read straight from the store, without waiting for the writer: the commit came first.
      assertThat(store.ledger().event("committed")).isPresent();
      assertThat(segments(data)).isEmpty();
    }
  }
}
