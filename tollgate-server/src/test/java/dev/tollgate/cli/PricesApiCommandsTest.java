package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.catalog.Feeds;
import dev.tollgate.catalog.PriceBook;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.pricing.CatalogReader;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.server.Gateway;
import dev.tollgate.testkit.FakeClock;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate prices set|unset} and {@code prices import --gateway} against a real gateway. */
class PricesApiCommandsTest {

  @TempDir Path dir;

  private Gateway gateway;
  private Cli cli;

  @BeforeEach
  void start() {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, FakeClock.at(Cli.NOW));
    cli = Cli.against(dir, gateway);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void setShowsTheOverrideAndUnsetRemovesIt() throws Exception {
    int set =
        cli.run(
            "prices",
            "set",
            "openai/gpt-4o-mini",
            "--input",
            "0.20",
            "--output",
            "0.80",
            "--cache-read",
            "0.10",
            "--from",
            "2026-06-01",
            "--reason",
            "new contract");

    assertThat(set).as(cli.err()).isZero();
    String[] lines = cli.out().split("\n");
    assertThat(lines[0]).isEqualTo("openai/gpt-4o-mini: price overrides in force");
    assertThat(lines[1]).startsWith("FROM").contains("PRICES").contains("SET BY");
    assertThat(lines[2])
        .startsWith("2026-06-01T00:00:00Z")
        .contains("input 0.2, output 0.8, cache_read 0.1")
        .endsWith("new contract");

    assertThat(cli.run("prices", "set", "gpt-4o-mini", "--input", "0.2", "--output", "x"))
        .isEqualTo(1);
    assertThat(cli.err()).contains("prices.output").contains("(HTTP 400)");

    assertThat(cli.run("prices", "unset", "gpt-4o-mini", "--format", "json")).isZero();
    JsonNode after = new ObjectMapper().readTree(cli.out());
    assertThat(after.get("overrides")).isEmpty();
    assertThat(cli.run("prices", "unset", "gpt-4o-mini")).isEqualTo(1);
    assertThat(cli.err()).contains("(HTTP 404)");
  }

  @Test
  void importWithGatewaySendsTheFileAndTheGatewayUsesItAtOnce() throws Exception {
    List<ModelPrice> bundled =
        CatalogReader.bundled().models().stream().filter(m -> !m.local()).toList();
    cli.write("feed.json", Feeds.genai(bundled, Cli.NOW, "openai/gpt-4o", "2.75"));

    assertThat(cli.run("prices", "import", "feed.json", "--gateway", "--dry-run")).isZero();
    assertThat(cli.out())
        .startsWith("Changes from the gateway's prices to feed.json:\nprice changes at ")
        .contains("~ openai/gpt-4o input 2.5 → 2.75 per 1M\n")
        .endsWith("dry run: nothing changed (101 models would be in use)\n");

    assertThat(cli.run("prices", "import", "feed.json", "--gateway")).as(cli.err()).isZero();
    Path saved = dir.resolve("data").resolve(PriceBook.IMPORTED);
    assertThat(cli.out())
        .endsWith(
            "imported: 101 models in force in the gateway now, saved there to " + saved + "\n");
    assertThat(saved).isRegularFile();
    assertThat(dir.resolve("tollgate-data")).doesNotExist();
  }
}
