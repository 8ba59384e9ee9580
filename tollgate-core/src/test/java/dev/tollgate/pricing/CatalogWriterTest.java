package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.money.Money;
import dev.tollgate.pricing.PriceSchedule.LongContextTier;
import dev.tollgate.pricing.PriceSchedule.TimeWindow;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogWriterTest {

  private static final Rates SONNET =
      Rates.builder()
          .usd(UsageKind.INPUT, "3")
          .usd(UsageKind.OUTPUT, "15.00")
          .usd(UsageKind.CACHE_READ, "0.30")
          .usd(UsageKind.CACHE_WRITE_5M, "3.75")
          .usd(UsageKind.CACHE_WRITE_1H, "6")
          .usd(UsageKind.WEB_SEARCHES, "0.01")
          .build();

  private static ModelPrice model(
      String provider, String id, List<String> aliases, List<PriceSchedule> schedules) {
    return new ModelPrice(
        provider, id, aliases, 0, 0, schedules, BigDecimal.ZERO, List.of(), BigDecimal.ZERO, false);
  }

  private static CatalogFile everyFeature() {
    Map<String, String> source = new LinkedHashMap<>();
    source.put("name", "pydantic/genai-prices");
    source.put("commit", "47df840a5ab10bbcffb8e5ac01b9899032245d1b");
    source.put("date", "2026-08-21");
    Rates longContext =
        Rates.builder()
            .usd(UsageKind.INPUT, "6")
            .usd(UsageKind.OUTPUT, "22.5")
            .usd(UsageKind.CACHE_READ, "0.6")
            .build();
    Rates deepseek =
        Rates.builder()
            .usd(UsageKind.INPUT, "0.27")
            .usd(UsageKind.OUTPUT, "1.1")
            .usd(UsageKind.CACHE_READ, "0.07")
            .usd(UsageKind.REASONING, "2.19")
            .usd(UsageKind.INPUT_AUDIO, "40")
            .usd(UsageKind.OUTPUT_AUDIO, "80")
            .usd(UsageKind.IMAGES, "0.04")
            .usd(UsageKind.TOOL_CALLS, "0.03")
            .perRequestUsd(new BigDecimal("0.005"))
            .build();
    Rates offPeak =
        Rates.builder().usd(UsageKind.INPUT, "0.135").usd(UsageKind.OUTPUT, "0.55").build();
    ModelPrice sonnet =
        new ModelPrice(
            "anthropic",
            "claude-sonnet-4-5",
            List.of("claude-sonnet-4.5"),
            1_000_000,
            64_000,
            List.of(
                new PriceSchedule(
                    Instant.MIN,
                    SONNET,
                    Optional.of(new LongContextTier(200_000, longContext)),
                    List.of()),
                new PriceSchedule(
                    Instant.parse("2026-09-01T00:00:00Z"), SONNET, Optional.empty(), List.of()),
                new PriceSchedule(
                    Instant.parse("2026-10-01T12:30:00Z"), SONNET, Optional.empty(), List.of())),
            new BigDecimal("50"),
            List.of(new ModelPrice.VolumeTier(Money.ofUsd("10000.5"), new BigDecimal("2.5"))),
            new BigDecimal("12.5"),
            false,
            Set.of(Capability.TOOLS, Capability.VISION));
    ModelPrice chat =
        model(
            "deepseek",
            "deepseek-chat",
            List.of(),
            List.of(
                new PriceSchedule(
                    Instant.MIN,
                    deepseek,
                    Optional.empty(),
                    List.of(
                        new TimeWindow(
                            "off-peak", LocalTime.of(16, 30), LocalTime.of(0, 30), offPeak)))));
    Rates free = Rates.builder().usd(UsageKind.INPUT, "0").usd(UsageKind.OUTPUT, "0").build();
    ModelPrice llama =
        new ModelPrice(
            "ollama",
            "llama3.1:8b",
            List.of("yes", "2024"),
            0,
            0,
            List.of(PriceSchedule.always(free)),
            BigDecimal.ZERO,
            List.of(),
            BigDecimal.ZERO,
            true);
    return new CatalogFile(
        CatalogReader.FORMAT, source, List.of(sonnet, chat, llama), Set.of("ollama"));
  }

  @Test
  void what_is_written_reads_back_to_equal_models() {
    CatalogFile written = everyFeature();

    CatalogFile read = CatalogReader.read("written.yaml", CatalogWriter.write(written));

    assertThat(read).isEqualTo(written);
  }

  @Test
  void prices_are_plain_decimals_without_trailing_zeros() {
    String yaml = CatalogWriter.write(everyFeature());

    assertThat(yaml)
        .contains("            output: 15\n")
        .contains("            cache_read: 0.3\n")
        .contains("            per_request: 0.005\n")
        .contains("{above_monthly_usd: 10000.5, discount_percent: 2.5}")
        .doesNotContain("E+", "E-", "15.00", "0.30");
  }

  @Test
  void the_output_follows_the_layout_of_the_format_notes() {
    CatalogFile catalog =
        new CatalogFile(
            CatalogReader.FORMAT,
            Map.of(),
            List.of(
                new ModelPrice(
                    "openai",
                    "gpt-4o",
                    List.of("gpt-4o-latest"),
                    128_000,
                    16_384,
                    List.of(
                        PriceSchedule.always(
                            Rates.builder()
                                .usd(UsageKind.INPUT, "2.5")
                                .usd(UsageKind.OUTPUT, "10")
                                .usd(UsageKind.CACHE_READ, "1.25")
                                .build()),
                        new PriceSchedule(
                            Instant.parse("2026-09-01T00:00:00Z"),
                            Rates.builder()
                                .usd(UsageKind.INPUT, "2")
                                .usd(UsageKind.OUTPUT, "8")
                                .build(),
                            Optional.empty(),
                            List.of())),
                    new BigDecimal("50"),
                    List.of(),
                    BigDecimal.ZERO,
                    false)),
            Set.of());

    assertThat(CatalogWriter.write(catalog))
        .isEqualTo(
            """
            format: tollgate-catalog/1
            providers:
              - id: openai
                models:
                  - id: gpt-4o
                    aliases: [gpt-4o-latest]
                    context_window: 128000
                    max_output_tokens: 16384
                    batch_discount_percent: 50
                    prices:
                      - input: 2.5
                        output: 10
                        cache_read: 1.25
                      - from: 2026-09-01
                        input: 2
                        output: 8
            """);
  }

  @Test
  void text_that_yaml_would_read_as_something_else_is_quoted() {
    assertThat(CatalogWriter.scalar("gpt-4o")).isEqualTo("gpt-4o");
    assertThat(CatalogWriter.scalar("openai/gpt-oss-20b")).isEqualTo("openai/gpt-oss-20b");
    assertThat(CatalogWriter.scalar("llama3.1:8b")).isEqualTo("\"llama3.1:8b\"");
    assertThat(CatalogWriter.scalar("yes")).isEqualTo("\"yes\"");
    assertThat(CatalogWriter.scalar("2024")).isEqualTo("\"2024\"");
    assertThat(CatalogWriter.scalar("say \"hi\"\n")).isEqualTo("\"say \\\"hi\\\"\\u000a\"");
  }

  @Test
  void a_price_set_without_an_output_price_cannot_be_written() {
    ModelPrice partial =
        model(
            "openai",
            "text-embedding-3-small",
            List.of(),
            List.of(PriceSchedule.always(Rates.builder().usd(UsageKind.INPUT, "0.02").build())));
    CatalogFile catalog =
        new CatalogFile(CatalogReader.FORMAT, Map.of(), List.of(partial), Set.of());

    assertThatThrownBy(() -> CatalogWriter.write(catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("openai/text-embedding-3-small: every price set needs an input");
  }
}
