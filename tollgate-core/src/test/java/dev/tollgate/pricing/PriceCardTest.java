package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tollgate.usage.UsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One price card read on its own ({@link CatalogReader#readCard}), written back ({@link
 * CatalogWriter#card}) and put in force from an instant ({@link ModelPrice#withPricesFrom}).
 */
class PriceCardTest {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static PriceSchedule card(String text) throws Exception {
    return CatalogReader.readCard(json(text), "prices", JUNE);
  }

  private static PriceSchedule flat(String input, String output, Instant from) {
    return new PriceSchedule(
        from,
        Rates.builder().usd(UsageKind.INPUT, input).usd(UsageKind.OUTPUT, output).build(),
        java.util.Optional.empty(),
        List.of());
  }

  @Test
  void aCardIsReadExactlyWithItsStart() throws Exception {
    PriceSchedule s =
        card("{\"input\":2.75,\"output\":\"11\",\"cache_read\":0.275,\"per_request\":0.001}");

    assertThat(s.from()).isEqualTo(JUNE);
    assertThat(s.rates().nanos(UsageKind.INPUT)).isEqualTo(2_750_000_000L);
    assertThat(s.rates().nanos(UsageKind.OUTPUT)).isEqualTo(11_000_000_000L);
    assertThat(s.rates().nanos(UsageKind.CACHE_READ)).isEqualTo(275_000_000L);
    assertThat(s.rates().perRequestNanos()).isEqualTo(1_000_000L);
  }

  @Test
  void aBadFieldIsNamedByItsPathWithoutAFileName() {
    assertThatThrownBy(() -> card("{\"input\":-1,\"output\":2}"))
        .isInstanceOf(CatalogException.class)
        .hasMessage("prices.input: must be a non-negative number, got -1")
        .extracting(e -> ((CatalogException) e).field().orElseThrow())
        .isEqualTo("prices.input");
    assertThatThrownBy(() -> card("{\"input\":1,\"output\":2,\"from\":\"2026-01-01\"}"))
        .hasMessage("prices.from: unknown key")
        .extracting(e -> ((CatalogException) e).field().orElseThrow())
        .isEqualTo("prices.from");
    assertThatThrownBy(() -> card("{\"input\":1}")).hasMessage("prices.output: is required");
  }

  @Test
  void aWrittenCardReadsBackToTheSameSchedule() throws Exception {
    PriceSchedule s =
        card(
            "{\"input\":3,\"output\":15,\"cache_write_5m\":3.75,\"long_context\":"
                + "{\"above_input_tokens\":200000,\"input\":6,\"output\":22.5},"
                + "\"time_windows\":[{\"name\":\"off-peak\",\"start\":\"16:30\",\"end\":\"00:30\","
                + "\"input\":1.5,\"output\":7.5}]}");

    JsonNode written = CatalogWriter.card(s);

    assertThat(written.get("input").asText()).isEqualTo("3");
    assertThat(written.at("/long_context/output").asText()).isEqualTo("22.5");
    assertThat(CatalogReader.readCard(written, "prices", JUNE)).isEqualTo(s);
  }

  @Test
  void pricesFromAnInstantKeepTheEarlierScheduleAndDropTheCatalogsLaterOnes() {
    Instant july = Instant.parse("2026-07-01T00:00:00Z");
    ModelPrice m =
        new ModelPrice(
            "acme",
            "rocket",
            List.of(),
            0,
            0,
            List.of(flat("1", "2", Instant.MIN), flat("3", "4", july)),
            BigDecimal.ZERO,
            List.of(),
            BigDecimal.ZERO,
            false);

    ModelPrice changed = m.withPricesFrom(flat("5", "6", JUNE));

    assertThat(changed.schedules())
        .extracting(PriceSchedule::from)
        .containsExactly(Instant.MIN, JUNE);
    assertThat(changed.scheduleAt(JUNE.minusSeconds(1)).rates().nanos(UsageKind.INPUT))
        .isEqualTo(1_000_000_000L);
    assertThat(changed.scheduleAt(july.plusSeconds(1)).rates().nanos(UsageKind.INPUT))
        .isEqualTo(5_000_000_000L);
  }
}
