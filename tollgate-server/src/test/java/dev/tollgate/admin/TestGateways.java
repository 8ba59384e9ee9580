package dev.tollgate.admin;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** Real gateways for black-box tests: a random port on the loopback, data under the test's dir. */
final class TestGateways {

  private TestGateways() {}

  /** Starts a gateway configured by {@code yaml}, written to {@code dir}/tollgate.yaml. */
  static Gateway start(Path dir, String yaml, InstantSource clock) throws IOException {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    return Gateway.start(config, clock);
  }
}
