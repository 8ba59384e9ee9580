package dev.tollgate.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.pricing.CatalogException;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.Resolution;
import dev.tollgate.usage.UsageKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceBookTest {

  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  /** One model whose single price entry is {@code prices}, indented as a list item's fields. */
  private static final String CATALOG =
      """
      format: tollgate-catalog/1
      providers:
        - id: acme
          models:
            - id: rocket-1
              prices:
                - %s
      """;

  @TempDir Path dir;

  private PriceBook load(String yaml) throws IOException {
    return load("tollgate.yaml", yaml);
  }

  private PriceBook load(String configName, String yaml) throws IOException {
    Path file = Files.writeString(dir.resolve(configName), yaml);
    TollgateConfig config = ConfigLoader.load(Optional.of(file), Map.of(), dir);
    return PriceBook.load(config);
  }

  private static ModelPrice model(PriceBook book, String name) {
    return switch (book.pricer().catalog().resolve(name)) {
      case Resolution.Known k -> k.model();
      case Resolution.Unknown u -> throw new AssertionError(u.reason());
    };
  }

  private static long inputNanos(PriceBook book, String name) {
    return model(book, name).scheduleAt(NOW).rates().nanos(UsageKind.INPUT);
  }

  @Test
  void theDefaultsLoadTheBundledCatalogAndSayWhereItComesFrom() throws IOException {
    PriceBook book = load("");

    assertThat(book.baseName()).isEqualTo("bundled catalog");
    assertThat(book.provenance()).hasSize(1);
    assertThat(book.provenance().getFirst())
        .startsWith("bundled catalog: ")
        .contains("from pydantic/genai-prices @47df840");
    assertThat(inputNanos(book, "gpt-4o")).isEqualTo(2_500_000_000L);
  }

  @Test
  void aCatalogWithATypoFailsNamingTheFileTheModelAndTheField() throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), CATALOG.formatted("{input: 1, ouput: 2}"));

    assertThatThrownBy(() -> load("pricing:\n  catalog: mine.yaml\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "mine.yaml: model acme/rocket-1: prices[0].ouput: unknown key (did you mean"
                + " \"output\"?)");
  }

  @Test
  void aCatalogWithANegativePriceFailsNamingTheFileTheModelAndTheField() throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), CATALOG.formatted("{input: -1, output: 2}"));

    assertThatThrownBy(() -> load("pricing:\n  catalog: mine.yaml\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("mine.yaml: model acme/rocket-1: prices[0].input: ")
        .hasMessageContaining("-1");
  }

  @Test
  void aMissingCatalogFileIsNamed() {
    assertThatThrownBy(() -> load("pricing:\n  catalog: gone.yaml\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessage(dir.resolve("gone.yaml") + ": no such catalog file");
  }

  @Test
  void aConfiguredCatalogReplacesTheBundledOne() throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), CATALOG.formatted("{input: 1, output: 2}"));

    PriceBook book = load("pricing:\n  catalog: mine.yaml\n");

    assertThat(book.baseName()).isEqualTo("catalog " + dir.resolve("mine.yaml"));
    assertThat(book.pricer().catalog().models())
        .extracting(ModelPrice::qualifiedId)
        .containsExactly("acme/rocket-1");
  }

  @Test
  void aMalformedOverrideNamesTollgateYamlTheEntryAndTheField() {
    String yaml =
        """
        pricing:
          overrides:
            - provider: acme
              id: rocket-1
              prices:
                - {input: abc, output: 2}
        """;

    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "tollgate.yaml: pricing.overrides[0]: model acme/rocket-1: prices[0].input: must be a"
                + " non-negative number, got \"abc\"");
  }

  @Test
  void aDiscountAbove100PercentNamesTheEntryAndTheField() {
    String yaml =
        """
        pricing:
          discounts:
            - {provider: openai, percent: 10}
            - {provider: anthropic, percent: 150}
        """;

    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "tollgate.yaml: pricing.discounts[1].percent: must be a number between 0 and 100,"
                + " got 150");
  }

  @Test
  void aDiscountForAModelThatIsNotInTheCatalogFailsRatherThanSilentlyDiscountingNothing() {
    String yaml =
        """
        pricing:
          discounts:
            - {provider: anthropic, model: claude-9-opus, percent: 10}
        """;

    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "tollgate.yaml: pricing.discounts[0].model: provider 'anthropic' has no model"
                + " 'claude-9-opus' in the catalog");
  }

  @Test
  void aDiscountForAProviderWithNoModelsFailsNamingTheProvider() {
    String yaml =
        """
        pricing:
          discounts:
            - {provider: opnai, percent: 10}
        """;

    assertThatThrownBy(() -> load(yaml))
        .isInstanceOf(CatalogException.class)
        .hasMessage(
            "tollgate.yaml: pricing.discounts[0].provider: no model of provider 'opnai' in the"
                + " catalog");
  }

  @Test
  void aDiscountMayNameTheModelByAliasOrSnapshot() throws IOException {
    PriceBook book =
        load(
            """
            pricing:
              discounts:
                - {provider: anthropic, model: claude-3-5-sonnet-20241022, percent: 20}
            """);

    assertThat(model(book, "claude-3-5-sonnet").negotiatedDiscountPercent())
        .isEqualByComparingTo("20");
    assertThat(model(book, "claude-3-5-haiku").negotiatedDiscountPercent()).isZero();
  }

  @Test
  void aDiscountWithAnUnknownKeyNamesTheKey() {
    assertThatThrownBy(() -> load("pricing:\n  discounts:\n    - {provider: openai, pct: 10}\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("tollgate.yaml: pricing.discounts[0].pct: unknown key");
  }

  @Test
  void aDiscountWithoutAProviderSaysTheProviderIsRequired() {
    assertThatThrownBy(() -> load("pricing:\n  discounts:\n    - {percent: 10}\n"))
        .isInstanceOf(CatalogException.class)
        .hasMessage("tollgate.yaml: pricing.discounts[0].provider: is required");
  }

  @Test
  void errorsInTheListsNameTheConfigurationFileThatWasActuallyRead() {
    String override = "pricing:\n  overrides:\n    - {provider: acme, id: x, prices: []}\n";
    String discount = "pricing:\n  discounts:\n    - {percent: 10}\n";

    assertThatThrownBy(() -> load("prod.yaml", override))
        .hasMessageStartingWith("prod.yaml: pricing.overrides[0]: model acme/x: prices: ");
    assertThatThrownBy(() -> load("prod.yaml", discount))
        .hasMessage("prod.yaml: pricing.discounts[0].provider: is required");
  }

  @Test
  void anImportedFeedInTheDataDirectoryIsUsedInsteadOfTheBundledCatalog() throws IOException {
    Path imported = dir.resolve("tollgate-data").resolve(PriceBook.IMPORTED);
    Files.createDirectories(imported.getParent());
    Files.writeString(imported, CATALOG.formatted("{input: 1, output: 2}"));

    PriceBook book = load("");

    assertThat(book.baseName()).isEqualTo("imported feed " + imported);
    assertThat(book.provenance().getFirst()).startsWith("imported feed " + imported + ": 1 models");
    assertThat(inputNanos(book, "rocket-1")).isEqualTo(1_000_000_000L);
    assertThat(book.pricer().catalog().resolve("gpt-4o")).isInstanceOf(Resolution.Unknown.class);
  }

  @Test
  void aModelDiscountWinsOverAProviderDiscountInEitherOrder() throws IOException {
    String providerFirst =
        """
        pricing:
          discounts:
            - {provider: openai, percent: 10}
            - {provider: openai, model: gpt-4o, percent: 20}
        """;
    String modelFirst =
        """
        pricing:
          discounts:
            - {provider: openai, model: gpt-4o, percent: 20}
            - {provider: openai, percent: 10}
        """;

    for (String yaml : new String[] {providerFirst, modelFirst}) {
      PriceBook book = load(yaml);
      assertThat(model(book, "gpt-4o").negotiatedDiscountPercent()).isEqualByComparingTo("20");
      assertThat(model(book, "gpt-4o-mini").negotiatedDiscountPercent()).isEqualByComparingTo("10");
      assertThat(model(book, "claude-sonnet-4-5").negotiatedDiscountPercent())
          .isEqualTo(BigDecimal.ZERO);
      assertThat(book.provenance()).contains("2 negotiated discount(s) from pricing.discounts");
    }
  }

  @Test
  void overridesApplyOnTopOfTheBaseCatalogAndAreCountedInTheProvenance() throws IOException {
    PriceBook book =
        load(
            """
            pricing:
              overrides:
                - provider: openai
                  id: gpt-4o
                  prices:
                    - {input: 2, output: 8}
            """);

    assertThat(inputNanos(book, "gpt-4o")).isEqualTo(2_000_000_000L);
    assertThat(book.provenance()).contains("1 price override(s) from pricing.overrides");
  }
}
