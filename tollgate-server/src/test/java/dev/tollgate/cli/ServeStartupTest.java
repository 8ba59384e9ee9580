package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ServeStartupTest {

  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static boolean canBind(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  // A serve that did not validate prices first would block serving forever; the timeout fails it.
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void serveWithAMalformedCatalogExitsOneNamingTheFieldBeforeListening() throws IOException {
    int port = freePort();
    Cli cli =
        new Cli(dir)
            .env("TOLLGATE_HOST", "127.0.0.1")
            .env("TOLLGATE_PORT", String.valueOf(port))
            .env("TOLLGATE_PRICING_CATALOG", "bad.yaml");
    cli.write(
        "bad.yaml",
        """
        format: tollgate-catalog/1
        providers:
          - id: acme
            models:
              - id: rocket-1
                prices:
                  - {input: 1, ouput: 2}
        """);

    assertThat(cli.run("serve")).isEqualTo(1);

    assertThat(cli.err())
        .isEqualTo(
            "error: bad.yaml: model acme/rocket-1: prices[0].ouput: unknown key (did you mean"
                + " \"output\"?)\n");
    assertThat(cli.out()).doesNotContain("listening").isEmpty();
    assertThat(canBind(port)).as("port %d is free", port).isTrue();
    assertThat(dir.resolve("tollgate-data/tollgate.db")).doesNotExist();
  }
}
