package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tollgate.catalog.Feeds;
import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.CatalogWriter;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PriceSchedule;
import dev.tollgate.pricing.Rates;
import dev.tollgate.usage.UsageKind;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricesImportCommandTest {

  @TempDir Path dir;

  private Cli cli;
  private Path imported;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir);
    imported = dir.resolve("tollgate-data/prices/imported.yaml");
  }

  /** The bundled catalog's non-local models, as they stand at {@link Cli#NOW}. */
  private static List<ModelPrice> bundled() {
    return CatalogReader.bundled().models().stream().filter(m -> !m.local()).toList();
  }

  /**
   * {@code m} reduced to what a genai feed written by {@link #genaiFeed} carries: the per-token
   * prices in force now, with no aliases, tiers, windows or discounts.
   */
  private static ModelPrice basePrices(ModelPrice m) {
    Rates.Builder rates = Rates.builder();
    m.scheduleAt(Cli.NOW).rates().listedUsd().entrySet().stream()
        .filter(e -> Feeds.GENAI_KEYS.containsKey(e.getKey()))
        .forEach(e -> rates.usd(e.getKey(), e.getValue()));
    return new ModelPrice(
        m.provider(),
        m.id(),
        List.of(),
        0,
        0,
        List.of(PriceSchedule.always(rates.build())),
        BigDecimal.ZERO,
        List.of(),
        BigDecimal.ZERO,
        false);
  }

  /** A genai-prices v2 feed of {@code models}' current per-token prices, with one input changed. */
  private static String genaiFeed(List<ModelPrice> models, String changed, String input) {
    return Feeds.genai(models, Cli.NOW, changed, input);
  }

  /** Ten of the bundled models, gpt-4o among them, reduced to their base prices. */
  private void useTenModelCatalog() throws IOException {
    List<ModelPrice> ten =
        bundled().subList(0, 10).stream().map(PricesImportCommandTest::basePrices).toList();
    assertThat(ten).extracting(ModelPrice::qualifiedId).contains("openai/gpt-4o");
    cli.write(
        "ten.yaml",
        CatalogWriter.write(new CatalogFile(CatalogReader.FORMAT, Map.of(), ten, Set.of())));
    cli.write("tollgate.yaml", "pricing:\n  catalog: ten.yaml\n");
    cli.write("feed.json", genaiFeed(ten, "openai/gpt-4o", "2.75"));
  }

  @Test
  void aDryRunPrintsTheChangeAndWritesNothing() throws IOException {
    useTenModelCatalog();

    assertThat(cli.run("prices", "import", "feed.json", "--dry-run")).isZero();

    assertThat(cli.out())
        .isEqualTo(
            "Changes from the catalog "
                + dir.resolve("ten.yaml")
                + " to feed.json:\n"
                + "price changes at 2026-05-01T12:00:00Z: 0 added, 0 removed, 1 changed\n"
                + "~ openai/gpt-4o input 2.5 → 2.75 per 1M\n"
                + "dry run: nothing saved (10 models would be in use)\n");
    assertThat(dir.resolve("tollgate-data")).doesNotExist();
  }

  @Test
  void aRealRunWritesACatalogThatReadsBackWithTheNewPrice() throws IOException {
    useTenModelCatalog();

    assertThat(cli.run("prices", "import", "feed.json")).isZero();

    assertThat(cli.out())
        .contains("~ openai/gpt-4o input 2.5 → 2.75 per 1M\n")
        .contains("saved 10 models to " + imported);
    CatalogFile written = CatalogReader.read(imported);
    assertThat(written.models()).hasSize(10);
    assertThat(written.source()).containsEntry("url", "feed.json");
    ModelPrice gpt4o =
        written.models().stream().filter(m -> m.id().equals("gpt-4o")).findFirst().orElseThrow();
    assertThat(gpt4o.scheduleAt(Cli.NOW).rates().nanos(UsageKind.INPUT)).isEqualTo(2_750_000_000L);
  }

  @Test
  void aRealRunWhilePricingCatalogIsSetSaysTheFileWillNotBeUsed() throws IOException {
    useTenModelCatalog();

    assertThat(cli.run("prices", "import", "feed.json")).isZero();

    assertThat(cli.out())
        .endsWith(
            "saved 10 models to "
                + imported
                + "; pricing.catalog is set and wins over it: remove pricing.catalog ("
                + dir.resolve("ten.yaml")
                + ") and restart the gateway to use them\n");
  }

  @Test
  void aFeedThatRemovesMoreThanTenPercentOfTheBundledCatalogIsRefused() throws IOException {
    List<ModelPrice> all = bundled();
    assertThat(all).as("non-local models in the bundled catalog").hasSize(95);
    cli.write("feed.json", genaiFeed(all.subList(0, 10), "", "0"));

    assertThat(cli.run("prices", "import", "feed.json")).isEqualTo(1);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err())
        .startsWith(
            "error: price feed feed.json would remove 85 of 95 models (89.5%), more than the 10%"
                + " allowed: ")
        .endsWith(" and 80 more\n");
    assertThat(imported).doesNotExist();
  }

  @Test
  void anAcceptedFeedIsWrittenAndUsedByTheNextRunKeepingTheLocalModels() throws IOException {
    cli.write("feed.json", genaiFeed(bundled(), "openai/gpt-4o", "2.75"));

    assertThat(cli.run("prices", "import", "feed.json")).isZero();
    assertThat(cli.out())
        .startsWith("Changes from the bundled catalog to feed.json:\n")
        .contains("~ openai/gpt-4o input 2.5 → 2.75 per 1M\n")
        .contains("saved 101 models to " + imported + "; restart the gateway to use them\n");

    assertThat(cli.run("price", "--model", "gpt-4o", "--input", "1000000")).isZero();
    assertThat(cli.out()).contains("1,000,000 × $2.75 / 1M");
    assertThat(cli.run("price", "--model", "ollama/llama3.1", "--input", "1000")).isZero();
    assertThat(cli.out()).contains("local model, free");
    assertThat(CatalogReader.read(imported).localProviders()).containsExactly("ollama");
  }

  @Test
  void aFeedThatIsNotJsonFailsNamingTheFile() throws IOException {
    cli.write("broken.json", "[{\"id\": \"openai\", ");

    assertThat(cli.run("prices", "import", "broken.json")).isEqualTo(1);

    assertThat(cli.err()).startsWith("error: price feed broken.json is not valid JSON at line 1");
    assertThat(cli.err().lines()).hasSize(1);
    assertThat(imported).doesNotExist();
  }

  @Test
  void aMissingFeedFileFailsNamingIt() {
    assertThat(cli.run("prices", "import", "nowhere.json")).isEqualTo(1);

    assertThat(cli.err())
        .isEqualTo("error: price feed " + dir.resolve("nowhere.json") + ": no such file\n");
  }

  @Test
  void aFeedIsFetchedFromAUrlAndAnHttpErrorIsNamed() throws IOException {
    useTenModelCatalog();
    byte[] feed = Files.readAllBytes(dir.resolve("feed.json"));
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          boolean found = exchange.getRequestURI().getPath().equals("/data.json");
          byte[] body = found ? feed : "not found".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(found ? 200 : 404, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();

      assertThat(cli.run("prices", "import", base + "/data.json", "--dry-run")).isZero();
      assertThat(cli.out()).contains("~ openai/gpt-4o input 2.5 → 2.75 per 1M\n");

      assertThat(cli.run("prices", "import", base + "/missing.json")).isEqualTo(1);
      assertThat(cli.err())
          .isEqualTo("error: price feed " + base + "/missing.json: HTTP 404 instead of 200\n");
    } finally {
      server.stop(0);
    }
  }
}
