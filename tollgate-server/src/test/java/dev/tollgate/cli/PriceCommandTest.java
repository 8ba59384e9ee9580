package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceCommandTest {

  @TempDir Path dir;

  private Cli cli;

  @BeforeEach
  void setUp() {
    cli = new Cli(dir);
  }

  @Test
  void gpt4oIsPricedLineByLineExactly() {
    int code =
        cli.run(
            "price",
            "--model",
            "gpt-4o",
            "--input",
            "1000",
            "--output",
            "500",
            "--cache-read",
            "200");

    assertThat(code).isZero();
    assertThat(cli.out())
        .isEqualTo(
            """
            openai/gpt-4o at 2026-05-01T12:00:00Z: standard prices
              input                    1,000 × $2.50 / 1M       = $0.0025
              cache read                 200 × $1.25 / 1M       = $0.00025
              output                     500 × $10.00 / 1M      = $0.005
              total                                             = $0.00775
              charged (rounded up to a nano-dollar)             = $0.007750000
              (model 'gpt-4o' matched by exact id or alias)
            """);
    assertThat(cli.err()).isEmpty();
  }

  @Test
  void aDatedSnapshotResolvesToItsModelAndSaysHow() {
    assertThat(cli.run("price", "--model", "gpt-4o-2024-08-06", "--input", "1000")).isZero();

    assertThat(cli.out())
        .startsWith("openai/gpt-4o at ")
        .contains("1,000 × $2.50 / 1M")
        .contains("(model 'gpt-4o-2024-08-06' matched by dated snapshot of gpt-4o)");
  }

  @Test
  void theAtOptionPicksThePriceInForceBeforeAndAfterAPriceChange() {
    cli.run(
        "price",
        "--model",
        "claude-sonnet-5",
        "--input",
        "1000000",
        "--at",
        "2026-08-31T23:59:59Z");
    String before = cli.out();
    cli.run(
        "price",
        "--model",
        "claude-sonnet-5",
        "--input",
        "1000000",
        "--at",
        "2026-09-01T00:00:00Z");
    String after = cli.out();

    assertThat(before)
        .contains("at 2026-08-31T23:59:59Z: standard prices\n")
        .contains("1,000,000 × $2.00 / 1M       = $2\n");
    assertThat(after)
        .contains("standard prices in force from 2026-09-01T00:00:00Z")
        .contains("1,000,000 × $3.00 / 1M       = $3\n");
  }

  @Test
  void deepseekChatAtSixInTheEveningUtcUsesTheOffPeakWindow() {
    cli.run(
        "price", "--model", "deepseek-chat", "--input", "1000000", "--at", "2026-05-01T18:00:00Z");
    String offPeak = cli.out();
    cli.run("price", "--model", "deepseek-chat", "--input", "1000000");
    String peak = cli.out();

    assertThat(offPeak).contains("off-peak window 16:30–00:30 UTC").contains("× $0.135 / 1M");
    assertThat(peak).doesNotContain("off-peak").contains("× $0.27 / 1M");
  }

  @Test
  void batchHalvesGpt4o() {
    cli.run("price", "--model", "gpt-4o", "--input", "1000", "--output", "500", "--batch");

    assertThat(cli.out())
        .contains("  batch discount 50%                                = -$0.00375\n")
        .contains("  total                                             = $0.00375\n");
  }

  @Test
  void aPromptAboveTheLongContextThresholdStatesTheTierAndUsesItsPrices() {
    cli.run("price", "--model", "claude-sonnet-4-5", "--cache-read", "250000");

    assertThat(cli.out())
        .contains("long-context tier: prompt of 250000 tokens is above 200000")
        .contains("250,000 × $0.60 / 1M       = $0.15\n");
  }

  @Test
  void aCurrencyWithARateShowsTheConvertedTotalAndTheRate() {
    cli.env("TOLLGATE_FX_EUR", "0.92");

    assertThat(cli.run("price", "--model", "gpt-4o", "--input", "1000", "--currency", "EUR"))
        .isZero();

    assertThat(cli.out()).endsWith("  in EUR: €0.002300 (at 0.92 EUR per USD)\n");
  }

  @Test
  void aCurrencyWithoutARateFailsNamingTheSettingBeforePrintingAnything() {
    assertThat(cli.run("price", "--model", "gpt-4o", "--input", "1000", "--currency", "EUR"))
        .isEqualTo(1);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).startsWith("error: --currency: ").contains("fx.EUR");
    assertThat(cli.err().lines()).hasSize(1);
  }

  @Test
  void anUnknownModelFailsWithOneLineNamingTheModelAndThePolicy() {
    assertThat(cli.run("price", "--model", "nope-1", "--input", "1")).isEqualTo(1);

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err().lines()).hasSize(1);
    assertThat(cli.err())
        .startsWith("error: no price for model 'nope-1': ")
        .contains("would be refused (pricing.unknown_model)");
  }

  @Test
  void anUnknownModelUnderTheRecordPolicySaysItWouldBeRecordedAsUnpriced() {
    cli.env("TOLLGATE_PRICING_UNKNOWN_MODEL", "record");

    assertThat(cli.run("price", "--model", "nope-1", "--input", "1")).isEqualTo(1);

    assertThat(cli.err())
        .contains("'nope-1'", "would be recorded as unpriced (pricing.unknown_model)");
  }

  @Test
  void aNegativeCountFailsNamingTheOption() {
    assertThat(cli.run("price", "--model", "gpt-4o", "--input", "-5")).isNotZero();

    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).startsWith("error: --input: must not be negative, got -5");
  }

  @Test
  void aBadAtFailsNamingTheOption() {
    assertThat(cli.run("price", "--model", "gpt-4o", "--at", "yesterday")).isEqualTo(1);

    assertThat(cli.err()).startsWith("error: --at: ").contains("'yesterday'");
  }

  @Test
  void aMonthlySpendThatIsNotAnAmountFailsNamingTheOption() {
    assertThat(cli.run("price", "--model", "gpt-4o", "--monthly-spend", "abc")).isEqualTo(1);

    assertThat(cli.err()).startsWith("error: --monthly-spend: ").contains("'abc'");
  }

  @Test
  void aCustomModelFromTheOverridesInTollgateYamlIsPriced() throws Exception {
    cli.write(
        "tollgate.yaml",
        """
        pricing:
          overrides:
            - provider: acme
              id: rocket-1
              prices:
                - input: 4
                  output: 8
        """);

    assertThat(cli.run("price", "--model", "acme/rocket-1", "--input", "1000000")).isZero();

    assertThat(cli.out())
        .startsWith("acme/rocket-1 at 2026-05-01T12:00:00Z")
        .contains("1,000,000 × $4.00 / 1M       = $4\n");
  }

  @Test
  void aNegotiatedDiscountShowsAsItsOwnLine() throws Exception {
    cli.write("tollgate.yaml", "pricing:\n  discounts:\n    - {provider: openai, percent: 15}\n");

    assertThat(cli.run("price", "--model", "gpt-4o", "--input", "1000000")).isZero();

    assertThat(cli.out())
        .contains("  negotiated discount 15%                           = -$0.375\n")
        .contains("  total                                             = $2.125\n");
  }
}
