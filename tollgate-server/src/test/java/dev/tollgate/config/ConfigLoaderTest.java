package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tollgate.money.FxRates.Currency;
import dev.tollgate.pricing.UnknownModelPolicy;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private TollgateConfig load(Map<String, String> env) {
    return ConfigLoader.load(Optional.empty(), env, dir);
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void withNoFileAndNoEnvironmentEverySettingHasItsDefault() {
    TollgateConfig config = load(Map.of());

    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.server().port()).isEqualTo(4000);
    assertThat(config.storage().dataDir()).isEqualTo(dir.resolve("tollgate-data"));
    assertThat(config.pricing().unknownModel()).isEqualTo(UnknownModelPolicy.REFUSE);
    assertThat(config.pricing().overrides()).isEmpty();
    assertThat(config.pricing().discounts()).isEmpty();
    assertThat(config.fx().rate(Currency.EUR)).isEmpty();
    assertThat(config.fx().rate(Currency.USD)).contains(BigDecimal.ONE);
    assertThat(config.source()).isEmpty();
    assertThat(config.rateLimits()).isEqualTo(TollgateConfig.RateLimits.none());
    assertThat(config.storage().durability())
        .isEqualTo(TollgateConfig.LedgerDurability.PROCESS_CRASH);
  }

  @Test
  void theLedgerDurabilityIsReadFromTheFileAndTheEnvironmentWins() throws IOException {
    Path file = write("d.yaml", "storage:\n  ledger_durability: power_loss\n");
    assertThat(ConfigLoader.load(Optional.of(file), Map.of(), dir).storage().durability())
        .isEqualTo(TollgateConfig.LedgerDurability.POWER_LOSS);
    assertThat(
            ConfigLoader.load(
                    Optional.of(file), Map.of("TOLLGATE_LEDGER_DURABILITY", "process_crash"), dir)
                .storage()
                .durability())
        .isEqualTo(TollgateConfig.LedgerDurability.PROCESS_CRASH);
  }

  @Test
  void rateLimitsAreReadFromTheFileAndTheEnvironmentWins() throws IOException {
    write("tollgate.yaml", "rate_limits:\n  rpm: 60\n  tpm: 90000\n");

    TollgateConfig config = load(Map.of("TOLLGATE_RATE_LIMIT_TPM", "1000"));

    assertThat(config.rateLimits().rpm()).hasValue(60);
    assertThat(config.rateLimits().tpm()).hasValue(1000);
  }

  @Test
  void perModelRateLimitsAreReadFromTheFile() throws IOException {
    write("tollgate.yaml", "rate_limits:\n  models:\n    gpt-4o: {rpm: 10, tpm: 30000}\n");

    TollgateConfig config = load(Map.of());

    assertThat(config.rateLimits().models().get("gpt-4o").rpm()).hasValue(10);
    assertThat(config.rateLimits().models().get("gpt-4o").tpm()).hasValue(30000);
  }

  @Test
  void theAdminAndMasterKeysComeFromTheEnvironmentAndNeverPrintThemselves() {
    TollgateConfig config =
        load(
            Map.of("TOLLGATE_ADMIN_KEY", " admin-secret ", "TOLLGATE_MASTER_KEY", "master-secret"));

    assertThat(config.secrets().adminKey()).contains("admin-secret");
    assertThat(config.secrets().masterKey()).contains("master-secret");
    assertThat(config.toString()).doesNotContain("admin-secret").doesNotContain("master-secret");
    assertThat(load(Map.of()).secrets().adminKey()).isEmpty();
  }

  @Test
  void defaultsIgnoreAFileInTheWorkingDirectory() throws IOException {
    write("tollgate.yaml", "server:\n  port: 5000\n");

    assertThat(TollgateConfig.defaults(dir).server().port()).isEqualTo(4000);
  }

  @Test
  void everySectionIsReadFromTheYamlFile() throws IOException {
    write(
        "tollgate.yaml",
        """
        server:
          host: 127.0.0.1
          port: 8080
        storage:
          data_dir: /var/lib/tollgate
        pricing:
          unknown_model: record
          overrides:
            - model: gpt-4o
              input_per_mtok: "2.50"
          discounts:
            - provider: openai
              percent: 10
        fx:
          EUR: 0.92
          GBP: "0.79"
          JPY: 151.5
          CNY: 7.1
        """);

    TollgateConfig config = load(Map.of());

    assertThat(config.server()).isEqualTo(new TollgateConfig.Server("127.0.0.1", 8080));
    assertThat(config.storage().dataDir()).isEqualTo(Path.of("/var/lib/tollgate"));
    assertThat(config.pricing().unknownModel()).isEqualTo(UnknownModelPolicy.RECORD);
    assertThat(config.pricing().overrides()).hasSize(1);
    assertThat(config.pricing().overrides().get(0).get("model").asText()).isEqualTo("gpt-4o");
    assertThat(config.pricing().discounts().get(0).get("percent").asInt()).isEqualTo(10);
    assertThat(config.fx().rate(Currency.EUR)).contains(new BigDecimal("0.92"));
    assertThat(config.fx().rate(Currency.GBP)).contains(new BigDecimal("0.79"));
    assertThat(config.fx().rate(Currency.JPY)).contains(new BigDecimal("151.5"));
    assertThat(config.source()).contains(dir.resolve("tollgate.yaml"));
  }

  @Test
  void fxRatesKeepEveryDigitWrittenWithNoRoundingThroughDouble() throws IOException {
    write("tollgate.yaml", "fx:\n  EUR: 0.123456789012345678901234567890\n");

    BigDecimal eur = load(Map.of()).fx().rate(Currency.EUR).orElseThrow();

    assertThat(eur).isEqualTo(new BigDecimal("0.123456789012345678901234567890"));
  }

  @Test
  void environmentVariablesOverrideTheFile() throws IOException {
    write("tollgate.yaml", "server:\n  host: 127.0.0.1\n  port: 8080\nfx:\n  EUR: 0.92\n");
    Map<String, String> env =
        Map.of(
            "TOLLGATE_HOST", "::1",
            "TOLLGATE_PORT", "9090",
            "TOLLGATE_DATA_DIR", "state",
            "TOLLGATE_PRICING_UNKNOWN_MODEL", "RECORD",
            "TOLLGATE_FX_EUR", "0.95",
            "TOLLGATE_FX_GBP", "0.8",
            "TOLLGATE_FX_JPY", "150",
            "TOLLGATE_FX_CNY", "7.2");

    TollgateConfig config = load(env);

    assertThat(config.server()).isEqualTo(new TollgateConfig.Server("::1", 9090));
    assertThat(config.storage().dataDir()).isEqualTo(dir.resolve("state"));
    assertThat(config.pricing().unknownModel()).isEqualTo(UnknownModelPolicy.RECORD);
    assertThat(config.fx().rate(Currency.EUR)).contains(new BigDecimal("0.95"));
    assertThat(config.fx().rate(Currency.GBP)).contains(new BigDecimal("0.8"));
    assertThat(config.fx().rate(Currency.JPY)).contains(new BigDecimal("150"));
    assertThat(config.fx().rate(Currency.CNY)).contains(new BigDecimal("7.2"));
  }

  @Test
  void anEmptyEnvironmentVariableCountsAsUnset() {
    assertThat(load(Map.of("TOLLGATE_PORT", "")).server().port()).isEqualTo(4000);
  }

  @Test
  void theConfigOptionWinsOverTheVariableAndTheWorkingDirectoryFile() throws IOException {
    write("tollgate.yaml", "server:\n  port: 1111\n");
    write("from-env.yaml", "server:\n  port: 2222\n");
    Path option = write("from-option.yaml", "server:\n  port: 3333\n");
    Map<String, String> env = Map.of("TOLLGATE_CONFIG", "from-env.yaml");

    assertThat(ConfigLoader.load(Optional.of(option), env, dir).server().port()).isEqualTo(3333);
    assertThat(load(env).server().port()).isEqualTo(2222);
    assertThat(load(Map.of()).server().port()).isEqualTo(1111);
  }

  @Test
  void anEmptyFileOrEmptySectionsMeanDefaults() throws IOException {
    write("tollgate.yaml", "server:\nfx:\n");

    assertThat(load(Map.of()).server().port()).isEqualTo(4000);

    write("tollgate.yaml", "");
    assertThat(load(Map.of()).server().port()).isEqualTo(4000);
  }

  @Test
  void theRawPricingListsAreCopiesThatCallersCannotChange() throws IOException {
    write("tollgate.yaml", "pricing:\n  overrides:\n    - model: a\n");
    TollgateConfig config = load(Map.of());

    ((com.fasterxml.jackson.databind.node.ObjectNode) config.pricing().overrides().get(0))
        .put("model", "changed");

    assertThat(config.pricing().overrides().get(0).get("model").asText()).isEqualTo("a");
  }
}
