package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsCommandTest {

  @TempDir Path dir;

  private Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir);
  }

  @Test
  void theProviderOptionListsOnlyThatProvidersModels() {
    assertThat(cli.run("models", "--provider", "groq")).isZero();

    assertThat(cli.out())
        .startsWith("MODEL ")
        .contains("groq/llama-3.3-70b-versatile")
        .doesNotContain("openai/gpt-4o ")
        .contains("prices in USD per 1M tokens at 2026-05-01T12:00:00Z; bundled catalog: ");
    assertThat(cli.out().lines().filter(l -> l.startsWith("groq/"))).hasSize(8);
    assertThat(cli.out()).contains("\n8 models; ");
  }

  @Test
  void aFilterArgumentKeepsOnlyModelsWhoseIdContainsIt() {
    assertThat(cli.run("models", "sonnet-4")).isZero();

    assertThat(cli.out())
        .contains("anthropic/claude-sonnet-4-5 ")
        .doesNotContain("claude-3-5-sonnet")
        .doesNotContain("gpt-4o");
  }

  @Test
  void theListingShowsThePricesInForceAtTheClocksNow() {
    cli.run("models", "claude-sonnet-5");

    assertThat(cli.out())
        .containsPattern("anthropic/claude-sonnet-5 +2 +0\\.2 +10 +1000000 +-50%\n");
  }

  @Test
  void showExplainsADatedSnapshotAndPrintsThePriceCard() {
    assertThat(cli.run("models", "show", "claude-3-5-sonnet-20241022")).isZero();

    assertThat(cli.out())
        .startsWith(
            "claude-3-5-sonnet-20241022 → anthropic/claude-3-5-sonnet"
                + " (matched by dated snapshot of claude-3-5-sonnet)\n")
        .contains("  batch discount: 50%, negotiated discount: 0%\n")
        .contains(
            "  prices from the start: input 3/1M, cache read 0.3/1M, cache write 5m 3.75/1M,"
                + " cache write 1h 6/1M, output 15/1M, web searches 0.01 each\n");
  }

  @Test
  void showPrintsTheLongContextTier() {
    assertThat(cli.run("models", "show", "gemini-1.5-pro")).isZero();

    assertThat(cli.out())
        .contains("  prices from the start: input 1.25/1M, output 5/1M\n")
        .contains("    prompts above 128000 tokens: input 2.5/1M, output 10/1M\n");
  }

  @Test
  void showPrintsEveryScheduleAndTimeWindow() {
    cli.run("models", "show", "claude-sonnet-5");
    String sonnet = cli.out();
    cli.run("models", "show", "deepseek-chat");
    String deepseek = cli.out();

    assertThat(sonnet).contains("  prices from 2026-09-01T00:00:00Z: input 3/1M");
    assertThat(deepseek)
        .contains("    off-peak 16:30–00:30 UTC: input 0.135/1M, cache read 0.035/1M");
  }

  @Test
  void showShowsANegotiatedDiscountFromTheConfiguration() throws Exception {
    cli.write(
        "tollgate.yaml",
        "pricing:\n  discounts:\n    - {provider: openai, model: gpt-4o, percent: 15}\n");

    cli.run("models", "show", "gpt-4o");

    assertThat(cli.out()).contains("  batch discount: 50%, negotiated discount: 15%\n");
  }

  @Test
  void showOfAnUnknownModelFailsWithOneLine() {
    assertThat(cli.run("models", "show", "nope-1")).isEqualTo(1);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).startsWith("error: no price for model 'nope-1': ");
    assertThat(cli.err().lines()).hasSize(1);
  }
}
