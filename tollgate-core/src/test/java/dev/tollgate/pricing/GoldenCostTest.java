package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.money.Money;
import dev.tollgate.usage.ApiFormat;
import dev.tollgate.usage.Usage;
import dev.tollgate.usage.UsageExtractor;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden table ({@code golden/costs.yaml}): real provider usage JSON, through the extractor,
 * priced with the bundled catalog, against amounts worked out by hand.
 */
class GoldenCostTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pricer PRICER = pricer();

  private static Pricer pricer() {
    CatalogFile bundled = CatalogReader.bundled();
    return new Pricer(
        Catalog.of(bundled.models(), bundled.localProviders()), UnknownModelPolicy.RECORD);
  }

  static Stream<Arguments> cases() throws IOException {
    JsonNode table;
    try (InputStream in = resource("/golden/costs.yaml")) {
      table = CatalogReader.yamlMapper().readTree(in);
    }
    List<Arguments> out = new ArrayList<>();
    table.forEach(c -> out.add(Arguments.of(c.get("name").asText(), c)));
    assertThat(out).as("the golden table has at least 40 cases").hasSizeGreaterThanOrEqualTo(40);
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void costMatchesTheHandCheckedAmount(String name, JsonNode c) throws IOException {
    JsonNode body = body(c);
    ApiFormat format = ApiFormat.valueOf(c.get("format").asText().toUpperCase(Locale.ROOT));
    Usage usage = UsageExtractor.of(format).fromResponse(body);
    String model = c.has("model") ? c.get("model").asText() : modelOf(body);
    Instant at = Instant.parse(c.path("at").asText("2026-05-01T12:00:00Z"));
    PriceOptions options = PriceOptions.at(at);
    if (c.path("batch").asBoolean(false)) {
      options = options.asBatch();
    }
    PriceResult result = PRICER.price(model, usage, options);
    if (c.path("unknown").asBoolean(false)) {
      assertThat(result).isInstanceOf(PriceResult.Unpriced.class);
      return;
    }
    assertThat(result).as(name).isInstanceOf(PriceResult.Priced.class);
    Cost cost = ((PriceResult.Priced) result).cost();
    assertThat(cost.total())
        .as("%s%n%s", name, cost.explain())
        .isEqualTo(Money.ofUsd(c.get("charged_usd").asText()));
    if (c.has("exact_usd")) {
      assertThat(cost.exactNanos().movePointLeft(9))
          .isEqualByComparingTo(new BigDecimal(c.get("exact_usd").asText()));
    }
  }

  private static JsonNode body(JsonNode c) throws IOException {
    if (c.has("body")) {
      return JSON.readTree(JSON.writeValueAsString(c.get("body")));
    }
    try (InputStream in = resource("/fixtures/responses/" + c.get("fixture").asText())) {
      return JSON.readTree(in);
    }
  }

  private static String modelOf(JsonNode body) {
    return body.has("model") ? body.get("model").asText() : body.get("modelVersion").asText();
  }

  private static InputStream resource(String path) {
    InputStream in = GoldenCostTest.class.getResourceAsStream(path);
    assertThat(in).as("test resource %s", path).isNotNull();
    return in;
  }
}
