package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CatalogReaderTest {

  /** A catalog with one OpenAI model whose entry is {@code body}, indented as a model's keys. */
  private static String oneModel(String body) {
    return """
        format: tollgate-catalog/1
        providers:
          - id: openai
            models:
              - id: gpt-4o
        """
        + body.stripIndent().lines().map(l -> "        " + l + "\n").reduce("", String::concat);
  }

  private static final String SIMPLE_PRICES =
      """
      prices:
        - input: 2.5
          output: 10
      """;

  @Test
  void a_full_entry_is_read_into_the_model_price_records() {
    CatalogFile catalog =
        CatalogReader.read(
            "catalog.yaml",
            """
            format: tollgate-catalog/1
            source:
              name: pydantic/genai-prices
              commit: 47df840a5ab10bbcffb8e5ac01b9899032245d1b
              date: 2026-08-21
            providers:
              - id: deepseek
                models:
                  - id: deepseek-chat
                    aliases: [deepseek-chat-v3-0324]
                    context_window: 64000
                    max_output_tokens: 8192
                    batch_discount_percent: 50
                    negotiated_discount_percent: 12.5
                    volume_tiers:
                      - {above_monthly_usd: 10000, discount_percent: 5}
                    prices:
                      - input: 0.27
                        output: 1.1
                        cache_read: 0.07
                        per_web_search: 0.01
                        per_request: 0.005
                        time_windows:
                          - name: off-peak
                            start: "16:30"
                            end: 00:30
                            input: 0.135
                            output: 0.55
                      - from: 2026-09-01
                        input: 3
                        output: 15
                        long_context:
                          above_input_tokens: 200000
                          input: 6
                          output: 22.5
              - id: ollama
                local: true
                models:
                  - id: llama3.1
                    prices: [{input: 0, output: 0}]
            """);

    assertThat(catalog.format()).isEqualTo("tollgate-catalog/1");
    assertThat(catalog.source())
        .containsExactly(
            java.util.Map.entry("name", "pydantic/genai-prices"),
            java.util.Map.entry("commit", "47df840a5ab10bbcffb8e5ac01b9899032245d1b"),
            java.util.Map.entry("date", "2026-08-21"));
    assertThat(catalog.providers()).containsExactly("deepseek", "ollama");
    assertThat(catalog.localProviders()).containsExactly("ollama");
    ModelPrice chat = catalog.models().getFirst();
    assertThat(chat.qualifiedId()).isEqualTo("deepseek/deepseek-chat");
    assertThat(chat.aliases()).containsExactly("deepseek-chat-v3-0324");
    assertThat(chat.contextWindow()).isEqualTo(64000);
    assertThat(chat.maxOutputTokens()).isEqualTo(8192);
    assertThat(chat.batchDiscountPercent()).isEqualTo(new BigDecimal("50"));
    assertThat(chat.negotiatedDiscountPercent()).isEqualTo(new BigDecimal("12.5"));
    assertThat(chat.volumeTiers())
        .containsExactly(new ModelPrice.VolumeTier(Money.ofUsd("10000"), new BigDecimal("5")));
    assertThat(chat.local()).isFalse();

    PriceSchedule standard = chat.schedules().getFirst();
    assertThat(standard.from()).isEqualTo(Instant.MIN);
    assertThat(standard.rates().nanos(UsageKind.INPUT)).isEqualTo(270_000_000L);
    assertThat(standard.rates().nanos(UsageKind.WEB_SEARCHES)).isEqualTo(10_000_000L);
    assertThat(standard.rates().perRequestNanos()).isEqualTo(5_000_000L);
    PriceSchedule.TimeWindow offPeak = standard.windows().getFirst();
    assertThat(offPeak.name()).isEqualTo("off-peak");
    assertThat(offPeak.start()).isEqualTo(LocalTime.of(16, 30));
    assertThat(offPeak.end()).isEqualTo(LocalTime.of(0, 30));
    assertThat(offPeak.rates().nanos(UsageKind.OUTPUT)).isEqualTo(550_000_000L);

    PriceSchedule later = chat.schedules().get(1);
    assertThat(later.from()).isEqualTo(Instant.parse("2026-09-01T00:00:00Z"));
    assertThat(later.longContext()).isPresent();
    assertThat(later.longContext().get().aboveInputTokens()).isEqualTo(200000);
    assertThat(later.longContext().get().rates().nanos(UsageKind.OUTPUT))
        .isEqualTo(22_500_000_000L);

    ModelPrice llama = catalog.models().get(1);
    assertThat(llama.local()).isTrue();
    assertThat(llama.schedules().getFirst().rates().nanos(UsageKind.INPUT)).isZero();
  }

  @Test
  void decimals_that_binary_floating_point_cannot_hold_are_read_exactly() {
    // 0.1 + 0.2 is 0.30000000000000004 in double; 0.003625 is DeepSeek V4 Pro's cache read price.
    CatalogFile catalog =
        CatalogReader.read(
            "catalog.yaml",
            oneModel(
                """
                prices:
                  - input: 0.1
                    output: 0.2
                    cache_read: 0.003625
                    reasoning: 0.000000001
                """));
    Rates rates = catalog.models().getFirst().schedules().getFirst().rates();

    assertThat(rates.listedUsd())
        .containsEntry(UsageKind.INPUT, new BigDecimal("0.1"))
        .containsEntry(UsageKind.OUTPUT, new BigDecimal("0.2"))
        .containsEntry(UsageKind.CACHE_READ, new BigDecimal("0.003625"))
        .containsEntry(UsageKind.REASONING, new BigDecimal("1E-9"));
    BigDecimal sum =
        rates.listedUsd().get(UsageKind.INPUT).add(rates.listedUsd().get(UsageKind.OUTPUT));
    assertThat(sum).isEqualByComparingTo("0.3");
    assertThat(rates.nanos(UsageKind.CACHE_READ)).isEqualTo(3_625_000L);

    Usage million = Usage.builder().set(UsageKind.CACHE_READ, 1_000_000).build();
    Cost cost =
        PriceCalculator.price(catalog.models().getFirst(), million, PriceOptions.at(Instant.EPOCH));
    assertThat(cost.total()).isEqualTo(Money.ofUsd("0.003625"));
  }

  @Test
  void a_quoted_plain_decimal_is_read_as_the_same_number() {
    CatalogFile catalog =
        CatalogReader.read("catalog.yaml", oneModel("prices: [{input: \"2.50\", output: \"10\"}]"));

    assertThat(catalog.models().getFirst().schedules().getFirst().rates().nanos(UsageKind.INPUT))
        .isEqualTo(2_500_000_000L);
  }

  @Test
  void an_instant_is_accepted_as_the_start_of_a_price() {
    CatalogFile catalog =
        CatalogReader.read(
            "catalog.yaml",
            oneModel("prices: [{from: \"2026-09-01T12:00:00Z\", input: 1, output: 2}]"));

    assertThat(catalog.models().getFirst().schedules().getFirst().from())
        .isEqualTo(Instant.parse("2026-09-01T12:00:00Z"));
  }

  static Stream<Arguments> badCatalogs() {
    return Stream.of(
        Arguments.of(
            "not YAML",
            "format: tollgate-catalog/1\nproviders: [ {id: openai\n",
            "catalog.yaml: line 3, column 1: not valid YAML: expected ',' or '}', but got <stream"
                + " end> (while parsing a flow mapping at line 2, column 14)"),
        Arguments.of(
            "a scalar instead of a document",
            "just some words",
            "catalog.yaml: the document: must be a mapping of keys to values, got \"just some"
                + " words\""),
        Arguments.of("an empty file", "", "catalog.yaml: is empty; a catalog starts with format: "),
        Arguments.of(
            "a duplicated key",
            oneModel("prices: [{input: 1, input: 2, output: 3}]"),
            "catalog.yaml: line 6, column 34: not valid YAML: Duplicate field 'input'"),
        Arguments.of(
            "the wrong format",
            oneModel(SIMPLE_PRICES).replace("catalog/1", "catalog/2"),
            "catalog.yaml: format: must be \"tollgate-catalog/1\", got \"tollgate-catalog/2\""),
        Arguments.of(
            "no format",
            oneModel(SIMPLE_PRICES).replace("format: tollgate-catalog/1\n", ""),
            "catalog.yaml: format: must be \"tollgate-catalog/1\", got nothing"),
        Arguments.of(
            "a typo in a price key",
            oneModel("prices: [{input: 2.5, ouput: 10}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].ouput: unknown key (did you mean"
                + " \"output\"?)"),
        Arguments.of(
            "an unknown model key",
            oneModel("context: 128000\n" + SIMPLE_PRICES),
            "catalog.yaml: model openai/gpt-4o: context: unknown key"),
        Arguments.of(
            "an unknown top-level key",
            "format: tollgate-catalog/1\nprovider: []\n",
            "catalog.yaml: provider: unknown key (did you mean \"providers\"?)"),
        Arguments.of(
            "an unknown provider key",
            "format: tollgate-catalog/1\nproviders: [{id: openai, locale: true, models: []}]\n",
            "catalog.yaml: provider openai: locale: unknown key (did you mean \"local\"?)"),
        Arguments.of(
            "no input price",
            oneModel("prices: [{output: 10}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].input: is required"),
        Arguments.of(
            "no output price",
            oneModel("prices: [{input: 2.5}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].output: is required"),
        Arguments.of(
            "no output price in a time window",
            oneModel(
                """
                prices:
                  - input: 1
                    output: 2
                    time_windows: [{name: night, start: "22:00", end: "06:00", input: 0.5}]
                """),
            "catalog.yaml: model openai/gpt-4o: prices[0].time_windows[0].output: is required"),
        Arguments.of(
            "no prices",
            oneModel("context_window: 1000"),
            "catalog.yaml: model openai/gpt-4o: prices: is required"),
        Arguments.of(
            "no model id",
            "format: tollgate-catalog/1\nproviders: [{id: openai, models: [{prices: []}]}]\n",
            "catalog.yaml: provider openai: models[0]: id: is required"),
        Arguments.of(
            "text where a price belongs",
            oneModel("prices: [{input: abc, output: 10}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].input: must be a non-negative number,"
                + " got \"abc\""),
        Arguments.of(
            "a negative price",
            oneModel("prices: [{input: 2.5, output: -10}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].output: must be a non-negative number,"
                + " got -10"),
        Arguments.of(
            "a price finer than a nano-dollar",
            oneModel("prices: [{input: 2.5, output: 10, cache_read: 0.0000000001}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].cache_read: must have at most 9"
                + " decimal places (a nano-dollar), got 0.0000000001"),
        Arguments.of(
            "a unit fee finer than a nano-dollar",
            oneModel("prices: [{input: 2.5, output: 10, per_web_search: 0.00000000025}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].per_web_search: must have at most 9"
                + " decimal places (a nano-dollar), got 0.00000000025"),
        Arguments.of(
            "a month that does not exist",
            oneModel("prices: [{from: 2026-13-01, input: 1, output: 2}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].from: must be a UTC date like"
                + " 2026-09-01 or an ISO-8601 instant like 2026-09-01T00:00:00Z, got"
                + " \"2026-13-01\""),
        Arguments.of(
            "a date that is not a date",
            oneModel("prices: [{from: next week, input: 1, output: 2}]"),
            "catalog.yaml: model openai/gpt-4o: prices[0].from: must be a UTC date"),
        Arguments.of(
            "two prices from the same day",
            oneModel(
                "prices: [{from: 2026-01-01, input: 1, output: 2},"
                    + " {from: 2026-01-01, input: 2, output: 3}]"),
            "catalog.yaml: model openai/gpt-4o: prices[1].from: starts at the same instant as"
                + " prices[0]"),
        Arguments.of(
            "a window hour out of range",
            oneModel(
                """
                prices:
                  - input: 1
                    output: 2
                    time_windows: [{name: night, start: "25:00", end: "06:00", input: 1, output: 1}]
                """),
            "catalog.yaml: model openai/gpt-4o: prices[0].time_windows[0].start: must be a UTC"
                + " time of day HH:mm like \"16:30\", got \"25:00\""),
        Arguments.of(
            "a window time in words",
            oneModel(
                """
                prices:
                  - input: 1
                    output: 2
                    time_windows: [{name: night, start: "22:00", end: 6am, input: 1, output: 1}]
                """),
            "catalog.yaml: model openai/gpt-4o: prices[0].time_windows[0].end: must be a UTC"
                + " time of day HH:mm like \"16:30\", got \"6am\""),
        Arguments.of(
            "an empty window",
            oneModel(
                """
                prices:
                  - input: 1
                    output: 2
                    time_windows: [{name: never, start: "06:00", end: "06:00", input: 1, output: 1}]
                """),
            "catalog.yaml: model openai/gpt-4o: prices[0].time_windows[0].end: must differ from"
                + " start"),
        Arguments.of(
            "a model id twice in a provider, in another case",
            """
            format: tollgate-catalog/1
            providers:
              - id: openai
                models:
                  - {id: gpt-4o, prices: [{input: 2.5, output: 10}]}
                  - {id: GPT-4o, prices: [{input: 5, output: 15}]}
            """,
            "catalog.yaml: model openai/GPT-4o: id: duplicate model id \"GPT-4o\": already used"
                + " by model openai/gpt-4o"),
        Arguments.of(
            "an alias used by two models",
            """
            format: tollgate-catalog/1
            providers:
              - id: openai
                models:
                  - {id: gpt-4o, aliases: [omni], prices: [{input: 2.5, output: 10}]}
                  - {id: gpt-4o-mini, aliases: [omni], prices: [{input: 0.15, output: 0.6}]}
            """,
            "catalog.yaml: model openai/gpt-4o-mini: aliases[0]: duplicate alias \"omni\":"
                + " already used by model openai/gpt-4o"),
        Arguments.of(
            "an alias that is another model's id",
            """
            format: tollgate-catalog/1
            providers:
              - id: openai
                models:
                  - {id: gpt-4o, prices: [{input: 2.5, output: 10}]}
                  - {id: gpt-4o-mini, aliases: [gpt-4o], prices: [{input: 0.15, output: 0.6}]}
            """,
            "catalog.yaml: model openai/gpt-4o-mini: aliases[0]: duplicate alias \"gpt-4o\":"
                + " already used by model openai/gpt-4o"),
        Arguments.of(
            "a provider listed twice",
            "format: tollgate-catalog/1\nproviders: [{id: openai, models: []}, {id: openai}]\n",
            "catalog.yaml: provider openai: id: duplicate provider"),
        Arguments.of(
            "a batch discount above 100 percent",
            oneModel("batch_discount_percent: 101\n" + SIMPLE_PRICES),
            "catalog.yaml: model openai/gpt-4o: batch_discount_percent: must be a percentage"
                + " from 0 to 100, got 101"),
        Arguments.of(
            "a negative negotiated discount",
            oneModel("negotiated_discount_percent: -5\n" + SIMPLE_PRICES),
            "catalog.yaml: model openai/gpt-4o: negotiated_discount_percent: must be a"
                + " percentage from 0 to 100, got -5"),
        Arguments.of(
            "a volume tier discount above 100 percent",
            oneModel(
                "volume_tiers: [{above_monthly_usd: 1000, discount_percent: 100.5}]\n"
                    + SIMPLE_PRICES),
            "catalog.yaml: model openai/gpt-4o: volume_tiers[0].discount_percent: must be a"
                + " percentage from 0 to 100, got 100.5"),
        Arguments.of(
            "a long-context threshold of zero",
            oneModel(
                """
                prices:
                  - input: 1
                    output: 2
                    long_context: {above_input_tokens: 0, input: 2, output: 4}
                """),
            "catalog.yaml: model openai/gpt-4o: prices[0].long_context.above_input_tokens: must"
                + " be a whole number of at least 1, got 0"),
        Arguments.of(
            "a negative long-context threshold",
            oneModel(
                """
                prices:
                  - input: 1
                    output: 2
                    long_context: {above_input_tokens: -200000, input: 2, output: 4}
                """),
            "catalog.yaml: model openai/gpt-4o: prices[0].long_context.above_input_tokens: must"
                + " be a whole number of at least 1, got -200000"),
        Arguments.of(
            "a long-context tier without a threshold",
            oneModel(
                """
                prices:
                  - input: 1
                    output: 2
                    long_context: {input: 2, output: 4}
                """),
            "catalog.yaml: model openai/gpt-4o: prices[0].long_context.above_input_tokens: is"
                + " required"),
        Arguments.of(
            "a fractional context window",
            oneModel("context_window: 128000.5\n" + SIMPLE_PRICES),
            "catalog.yaml: model openai/gpt-4o: context_window: must be a whole number of at"
                + " least 1, got 128000.5"),
        Arguments.of(
            "an unknown capability",
            oneModel("capabilities: [tools, telepathy]\n" + SIMPLE_PRICES),
            "catalog.yaml: model openai/gpt-4o: capabilities[1]: unknown capability"
                + " \"telepathy\" (known: tools, vision)"),
        Arguments.of(
            "a capability listed twice",
            oneModel("capabilities: [vision, vision]\n" + SIMPLE_PRICES),
            "catalog.yaml: model openai/gpt-4o: capabilities[1]: \"vision\" is listed twice"),
        Arguments.of(
            "a local flag that is not a flag",
            "format: tollgate-catalog/1\nproviders: [{id: ollama, local: maybe, models: []}]\n",
            "catalog.yaml: provider ollama: local: must be true or false, got \"maybe\""));
  }

  @Test
  void capabilities_are_read_and_absent_ones_are_not_assumed() {
    ModelPrice stated =
        CatalogReader.read(
                "catalog.yaml", oneModel("capabilities: [vision, tools]\n" + SIMPLE_PRICES))
            .models()
            .getFirst();
    ModelPrice unstated =
        CatalogReader.read("catalog.yaml", oneModel(SIMPLE_PRICES)).models().getFirst();

    assertThat(stated.capabilities()).containsExactly(Capability.TOOLS, Capability.VISION);
    assertThat(stated.can(Capability.VISION)).isTrue();
    assertThat(unstated.capabilities()).isEmpty();
    assertThat(unstated.can(Capability.TOOLS)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badCatalogs")
  void a_bad_catalog_fails_naming_the_file_the_model_and_the_field(
      String what, String yaml, String message) {
    assertThatThrownBy(() -> CatalogReader.read("catalog.yaml", yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void overrides_are_read_with_their_provider_and_marked_local_for_local_providers()
      throws Exception {
    ObjectMapper yaml = CatalogReader.yamlMapper();
    JsonNode config =
        yaml.readTree(
            """
            pricing:
              overrides:
                - provider: openai
                  id: gpt-4o
                  negotiated_discount_percent: 15
                  prices: [{input: 2.125, output: 8.5}]
                - provider: ollama
                  id: llama3.1
                  prices: [{input: 0, output: 0}]
            """);

    List<ModelPrice> overrides =
        CatalogReader.readOverrides(
            "tollgate.yaml", config.path("pricing").path("overrides"), Set.of("ollama"));

    assertThat(overrides)
        .extracting(ModelPrice::qualifiedId)
        .containsExactly("openai/gpt-4o", "ollama/llama3.1");
    assertThat(overrides.getFirst().negotiatedDiscountPercent()).isEqualTo(new BigDecimal("15"));
    assertThat(overrides.getFirst().schedules().getFirst().rates().nanos(UsageKind.INPUT))
        .isEqualTo(2_125_000_000L);
    assertThat(overrides).extracting(ModelPrice::local).containsExactly(false, true);
  }

  @Test
  void missing_overrides_are_an_empty_list() throws Exception {
    JsonNode config = CatalogReader.yamlMapper().readTree("pricing: {}");

    assertThat(
            CatalogReader.readOverrides(
                "tollgate.yaml", config.path("pricing").path("overrides"), Set.of()))
        .isEmpty();
  }

  @Test
  void a_bad_override_fails_naming_the_file_the_entry_or_model_and_the_field() throws Exception {
    ObjectMapper yaml = CatalogReader.yamlMapper();
    JsonNode noProvider = yaml.readTree("[{id: gpt-4o, prices: [{input: 1, output: 2}]}]");
    JsonNode typo =
        yaml.readTree(
            "[{provider: openai, id: gpt-4o, prices: [{input: 1, output: 2, ouput: 3}]}]");
    JsonNode twice =
        yaml.readTree(
            """
            - {provider: openai, id: gpt-4o, prices: [{input: 1, output: 2}]}
            - {provider: openai, id: gpt-4o, prices: [{input: 2, output: 3}]}
            """);

    assertThatThrownBy(() -> CatalogReader.readOverrides("tollgate.yaml", noProvider, Set.of()))
        .hasMessage("tollgate.yaml: pricing.overrides[0]: provider: is required");
    assertThatThrownBy(() -> CatalogReader.readOverrides("tollgate.yaml", typo, Set.of()))
        .hasMessage(
            "tollgate.yaml: pricing.overrides[0]: model openai/gpt-4o: prices[0].ouput: unknown key (did you mean"
                + " \"output\"?)");
    assertThatThrownBy(() -> CatalogReader.readOverrides("tollgate.yaml", twice, Set.of()))
        .hasMessage(
            "tollgate.yaml: pricing.overrides[1]: model openai/gpt-4o: id: duplicate model id \"gpt-4o\": already used"
                + " by model openai/gpt-4o");
  }

  @Test
  void overrides_parsed_into_doubles_are_refused_rather_than_trusted() throws Exception {
    JsonNode lossy =
        new ObjectMapper()
            .readTree(
                "[{\"provider\": \"openai\", \"id\": \"gpt-4o\","
                    + " \"prices\": [{\"input\": 0.1, \"output\": 0.2}]}]");

    assertThatThrownBy(() -> CatalogReader.readOverrides("tollgate.yaml", lossy, Set.of()))
        .hasMessageStartingWith(
            "tollgate.yaml: pricing.overrides[0]: model openai/gpt-4o: prices[0].input: was parsed as a binary"
                + " floating-point number");
  }
}
