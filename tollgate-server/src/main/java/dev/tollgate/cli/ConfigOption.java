package dev.tollgate.cli;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option, mixed into every command that reads the configuration. */
final class ConfigOption {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file. Default: $TOLLGATE_CONFIG if set, else ./tollgate.yaml if it"
              + " exists, else built-in defaults. TOLLGATE_* variables override it.")
  Path file;

  /**
   * Loads and validates the configuration.
   *
   * @throws dev.tollgate.config.ConfigException naming the bad value
   */
  TollgateConfig load(CliContext context) {
    return ConfigLoader.load(Optional.ofNullable(file), context.env(), context.workingDir());
  }
}
