package dev.tollgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.usage.UsageKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API's price overrides in a {@link PriceBook} (applied in order of their start, left out
 * when their model is missing) and their swap in {@link LivePrices}.
 */
class PriceOverridesTest {

  private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");
  private static final Instant JULY = Instant.parse("2026-07-01T00:00:00Z");

  @TempDir java.nio.file.Path dir;

  private PriceBook bundled() {
    TollgateConfig config = ConfigLoader.load(Optional.empty(), Map.of(), dir);
    return PriceBook.load(config);
  }

  private static PriceOverride override(String model, Instant from, String input) {
    return new PriceOverride(
        "openai", model, from, "{\"input\":\"" + input + "\",\"output\":\"1\"}", from, "test", "");
  }

  private static long inputNanos(PriceBook book, String model, Instant at) {
    Resolution.Known k = (Resolution.Known) book.pricer().catalog().resolve(model);
    return k.model().scheduleAt(at).rates().nanos(UsageKind.INPUT);
  }

  @Test
  void overridesApplyInOrderOfTheirStartWhateverTheOrderGiven() {
    PriceBook book =
        bundled()
            .withPriceOverrides(
                List.of(override("gpt-4o", JULY, "3"), override("gpt-4o", JUNE, "2")));

    assertThat(inputNanos(book, "gpt-4o", JUNE.minusSeconds(1))).isEqualTo(2_500_000_000L);
    assertThat(inputNanos(book, "gpt-4o", JUNE)).isEqualTo(2_000_000_000L);
    assertThat(inputNanos(book, "gpt-4o", JULY)).isEqualTo(3_000_000_000L);
    assertThat(book.skipped()).isEmpty();
    assertThat(book.provenance()).contains("2 price override(s) set over the admin API");
  }

  @Test
  void anOverrideOfAMissingModelIsLeftOutAndSaidSo() {
    PriceBook book =
        bundled()
            .withPriceOverrides(
                List.of(override("gpt-9", JUNE, "2"), override("gpt-4o", JUNE, "2")));

    assertThat(book.skipped())
        .containsExactly("the price override of openai/gpt-9: no such model in the catalog");
    assertThat(inputNanos(book, "gpt-4o", JUNE)).isEqualTo(2_000_000_000L);
  }

  @Test
  void aNewBaseKeepsTheOverrides() {
    PriceBook book = bundled().withPriceOverrides(List.of(override("gpt-4o", JUNE, "2")));

    PriceBook rebased = book.withBase(book.base(), "another name");

    assertThat(rebased.baseName()).isEqualTo("another name");
    assertThat(inputNanos(rebased, "gpt-4o", JUNE)).isEqualTo(2_000_000_000L);
  }

  @Test
  void aBookIsSwappedOnlyOverTheOneReadAndOnlyIfItPassesTheGuards() {
    PriceBook first = bundled();
    PriceBook second = first.withPriceOverrides(List.of(override("gpt-4o", JUNE, "2")));
    LivePrices live = new LivePrices(first);
    live.guard(
        p -> {
          if (p.catalog().resolve("gpt-4o-mini") instanceof Resolution.Unknown) {
            throw new IllegalArgumentException("no gpt-4o-mini");
          }
        });

    assertThat(live.replace(first, second)).isTrue();
    assertThat(live.replace(first, first)).as("a stale change").isFalse();
    assertThat(live.book()).isSameAs(second);
    PriceBook lacking =
        second.withBase(
            new dev.tollgate.pricing.CatalogFile(
                "tollgate-catalog/1",
                Map.of(),
                second.base().models().stream().filter(m -> !m.id().equals("gpt-4o-mini")).toList(),
                second.base().localProviders()),
            "without gpt-4o-mini");
    assertThatThrownBy(() -> live.replace(second, lacking)).hasMessage("no gpt-4o-mini");
    assertThat(live.get()).isSameAs(second.pricer());
  }
}
