package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  @TempDir Path dir;

  @Test
  void itsHelpListsTheBehaviourFlags() {
    Cli cli = new Cli(dir);

    assertThat(cli.run("simulate", "--help")).isZero();

    assertThat(cli.out())
        .contains("--latency-ms")
        .contains("--chunk-delay-ms")
        .contains("--tokens")
        .contains("--cache-read-tokens")
        .contains("--error-status")
        .contains("--fail-every")
        .contains("--cut-after-chunks")
        .contains("--malformed");
  }

  @Test
  void aValueOutOfRangeIsAUsageErrorNamingTheFlag() {
    Cli cli = new Cli(dir);

    assertThat(cli.run("simulate", "--error-status", "200")).isEqualTo(2);

    assertThat(cli.err()).contains("--error-status must be an HTTP error status");
  }

  @Test
  void aPortInUseExitsOneSayingSo() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Cli cli = new Cli(dir);

      assertThat(cli.run("simulate", "--port", String.valueOf(taken.getLocalPort()))).isEqualTo(1);

      assertThat(cli.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }
}
