package dev.tollgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rejected value names the file and field, or the environment variable, it came from. */
class ConfigValidationTest {

  @TempDir Path dir;

  private void loadYaml(String yaml) throws IOException {
    Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    ConfigLoader.load(Optional.empty(), Map.of(), dir);
  }

  private static void loadEnv(String name, String value) {
    ConfigLoader.load(Optional.empty(), Map.of(name, value), Path.of("."));
  }

  @Test
  void portAboveRangeIsRejectedNamingTheField() {
    assertThatThrownBy(() -> loadYaml("server:\n  port: 70000\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tollgate.yaml: server.port: must be between 1 and 65535, got 70000");
  }

  @Test
  void anUnknownLedgerDurabilityIsRejectedNamingTheFieldAndTheChoices() {
    assertThatThrownBy(() -> loadYaml("storage:\n  ledger_durability: fsync\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.ledger_durability")
        .hasMessageContaining("process_crash, power_loss");
  }

  @Test
  void aNegativeRetentionIsRejectedNamingTheField() {
    assertThatThrownBy(() -> loadYaml("retention:\n  raw_events_days: -1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("retention.raw_events_days")
        .hasMessageContaining("days raw usage events are kept");
  }

  @Test
  void retentionDefaultsToNinetyDaysOfEventsAndThirteenMonthsOfHours() throws Exception {
    TollgateConfig.Retention r =
        ConfigLoader.load(
                Optional.empty(),
                Map.of("TOLLGATE_RETENTION_HOURLY_ROLLUPS_MONTHS", "2"),
                Path.of("."))
            .storage()
            .retention();
    assertThat(r).isEqualTo(new TollgateConfig.Retention(90, 2));
  }

  static Stream<Arguments> badFileValues() {
    return Stream.of(
        arguments("server:\n  port: 0", "server.port: must be between 1 and 65535, got 0"),
        arguments(
            "rate_limits:\n  tpm: -5",
            "rate_limits.tpm: must be a whole number from 1 to 100000000"
                + " (tokens per minute per virtual key), got '-5'"),
        arguments(
            "server:\n  port: abc",
            "server.port: must be an integer between 1 and 65535, got 'abc'"),
        arguments(
            "server:\n  port: 80.5",
            "server.port: must be an integer between 1 and 65535, got '80.5'"),
        arguments("server:\n  host: ''", "server.host: must be a host name or IP address, got ''"),
        arguments(
            "storage:\n  data_dir: ' '", "storage.data_dir: must be a directory path, got ' '"),
        arguments(
            "pricing:\n  unknown_model: maybe",
            "pricing.unknown_model: must be one of refuse, record, got 'maybe'"),
        arguments(
            "fx:\n  EUR: -1", "fx.EUR: must be a positive decimal number (EUR per USD), got '-1'"),
        arguments(
            "fx:\n  JPY: 0", "fx.JPY: must be a positive decimal number (JPY per USD), got '0'"),
        arguments(
            "fx:\n  GBP: lots",
            "fx.GBP: must be a positive decimal number (GBP per USD), got 'lots'"),
        arguments("server:\n  port: [1]", "server.port: must be a single value, got a list"),
        arguments("server: 4000", "server: must be a mapping, got '4000'"),
        arguments("pricing:\n  overrides: {}", "pricing.overrides: must be a list, got a mapping"));
  }

  @ParameterizedTest
  @MethodSource("badFileValues")
  void eachBadFileValueIsRejectedNamingTheFileAndField(String yaml, String message) {
    assertThatThrownBy(() -> loadYaml(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage("tollgate.yaml: " + message);
  }

  static Stream<Arguments> badEnvironmentValues() {
    return Stream.of(
        arguments("TOLLGATE_PORT", "70000", "must be between 1 and 65535, got 70000"),
        arguments(
            "TOLLGATE_RATE_LIMIT_RPM",
            "0",
            "must be a whole number from 1 to 100000000"
                + " (requests per minute per virtual key), got '0'"),
        arguments(
            "TOLLGATE_RATE_LIMIT_TPM",
            "1.5",
            "must be a whole number from 1 to 100000000"
                + " (tokens per minute per virtual key), got '1.5'"),
        arguments("TOLLGATE_PORT", "http", "must be an integer between 1 and 65535, got 'http'"),
        arguments("TOLLGATE_HOST", "a b", "must be a host name or IP address, got 'a b'"),
        arguments("TOLLGATE_DATA_DIR", "  ", "must be a directory path, got '  '"),
        arguments(
            "TOLLGATE_PRICING_UNKNOWN_MODEL",
            "allow",
            "must be one of refuse, record, got 'allow'"),
        arguments(
            "TOLLGATE_FX_EUR", "0", "must be a positive decimal number (EUR per USD), got '0'"),
        arguments(
            "TOLLGATE_FX_GBP", "x", "must be a positive decimal number (GBP per USD), got 'x'"),
        arguments(
            "TOLLGATE_FX_JPY",
            "-150",
            "must be a positive decimal number (JPY per USD), got '-150'"),
        arguments(
            "TOLLGATE_FX_CNY",
            "7,1",
            "must be a positive decimal number (CNY per USD), got '7,1'"));
  }

  @ParameterizedTest
  @MethodSource("badEnvironmentValues")
  void eachBadEnvironmentValueIsRejectedNamingTheVariable(
      String variable, String value, String message) {
    assertThatThrownBy(() -> loadEnv(variable, value))
        .isInstanceOf(ConfigException.class)
        .hasMessage(variable + ": " + message);
  }

  @Test
  void everyKeyHasAnEnvironmentVariableThatIsChecked() {
    for (ConfigKey key : ConfigKey.values()) {
      assertThatThrownBy(() -> loadEnv(key.envVar(), "  "))
          .as(key.envVar())
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(key.envVar() + ": must be");
    }
  }

  @Test
  void unknownKeysAreRejectedAndAllOfThemAreNamed() {
    assertThatThrownBy(() -> loadYaml("server:\n  prot: 1\nlogging: {}\nfx:\n  USD: 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "tollgate.yaml: unknown keys server.prot (server allows: host, port),"
                + " logging (sections: server, storage, pricing, budgets, rate_limits, cache, metrics, retention, fx, providers, routing,"
                + " models),"
                + " fx.USD (fx allows: EUR, GBP, JPY, CNY)");
  }

  @Test
  void aDuplicateKeyIsRejectedWithItsLine() {
    assertThatThrownBy(() -> loadYaml("server:\n  port: 1\n  port: 2\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tollgate.yaml: line 3, column ")
        .hasMessageContaining("Duplicate field 'port'");
  }

  @Test
  void invalidYamlIsRejectedWithItsLine() {
    assertThatThrownBy(() -> loadYaml("server:\n  port: [1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("tollgate.yaml: line ");
  }

  @Test
  void aTopLevelListIsRejected() {
    assertThatThrownBy(() -> loadYaml("- server\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "tollgate.yaml: the top level: must be a mapping of sections"
                + " [server, storage, pricing, budgets, rate_limits, cache, metrics, retention, fx], got a list");
  }

  @Test
  void aMissingConfigFileNamedByTheOptionIsRejectedNamingTheOption() {
    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(Path.of("nope.yaml")), Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("--config: no such file: nope.yaml");
  }

  @Test
  void aMissingConfigFileNamedByTheVariableIsRejectedNamingTheVariable() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Optional.empty(), Map.of("TOLLGATE_CONFIG", "gone.yaml"), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage("TOLLGATE_CONFIG: no such file: gone.yaml");
  }

  @Test
  void aFileNamedByTheOptionIsNamedAsGivenInErrors() throws IOException {
    Files.writeString(dir.resolve("custom.yaml"), "server:\n  port: 99999\n");

    assertThatThrownBy(() -> ConfigLoader.load(Optional.of(Path.of("custom.yaml")), Map.of(), dir))
        .hasMessage("custom.yaml: server.port: must be between 1 and 65535, got 99999");
  }
}
