package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate keys …} against a real running gateway, and against none. */
class KeysCommandTest {

  @TempDir Path dir;

  private Gateway gateway;
  private Cli cli;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start() {
    TollgateConfig config =
        ConfigLoader.load(Optional.empty(), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    cli = Cli.against(dir, gateway);
  }

  @Test
  void createListShowUpdateRotateAndRevokeAgainstARunningGateway() throws Exception {
    start();

    assertThat(
            cli.run(
                "keys",
                "create",
                "--id",
                "ci",
                "--team",
                "platform",
                "--model",
                "gpt-4o-mini",
                "--rpm",
                "60",
                "--budget",
                "5.00/monthly"))
        .isZero();
    assertThat(cli.out()).startsWith("secret          tg-").contains("team:platform");
    assertThat(cli.out()).contains("allowed models  gpt-4o-mini").contains("$5.00 monthly (hard)");

    assertThat(cli.run("keys", "list")).isZero();
    String[] lines = cli.out().split("\n");
    assertThat(lines[0]).startsWith("ID    NAME  PREFIX");
    assertThat(lines[1]).startsWith("ci  ").contains("active").contains("gpt-4o-mini");
    assertThat(lines[2]).startsWith("demo").contains("all");
    // Columns line up: every row has its PREFIX column where the heading has it.
    assertThat(lines[1].indexOf("tg-")).isEqualTo(lines[0].indexOf("PREFIX"));

    assertThat(cli.run("keys", "update", "ci", "--tpm", "1000", "--format", "json")).isZero();
    JsonNode updated = new ObjectMapper().readTree(cli.out());
    assertThat(updated.get("tpm").asLong()).isEqualTo(1000);
    assertThat(updated.get("rpm").asLong()).isEqualTo(60);

    assertThat(cli.run("keys", "rotate", "ci")).isZero();
    assertThat(cli.out()).startsWith("secret          tg-");
    assertThat(cli.run("keys", "revoke", "ci")).isZero();
    assertThat(cli.out()).contains("status          revoked");
    assertThat(cli.run("keys", "show", "ci", "--format", "json")).isZero();
    assertThat(new ObjectMapper().readTree(cli.out()).get("status").asText()).isEqualTo("revoked");

    assertThat(cli.run("keys", "show", "nope")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: the key 'nope' does not exist (HTTP 404)\n");
    assertThat(cli.run("keys", "create", "--rpm", "0")).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: rpm: must be a whole number");
  }

  @Test
  void aGatewayThatIsNotRunningIsOneLineAndExitCodeOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli offline = new Cli(dir).env("TOLLGATE_ADMIN_KEY", "tga-x");

    int code = offline.run("keys", "list", "--url", "http://127.0.0.1:" + port);

    assertThat(code).isEqualTo(1);
    assertThat(offline.err())
        .isEqualTo(
            "error: no Tollgate gateway is answering at http://127.0.0.1:"
                + port
                + " (is it running? --url/TOLLGATE_URL)\n");
    assertThat(offline.out()).isEmpty();
  }

  @Test
  void aWrongAdminKeyIsOneLineAndExitCodeOne() {
    start();
    cli.env("TOLLGATE_ADMIN_KEY", "tga-wrong");

    assertThat(cli.run("keys", "list")).isEqualTo(1);

    assertThat(cli.err())
        .startsWith("error: a missing or wrong admin key")
        .endsWith("(HTTP 401)\n");
  }

  @Test
  void idsAreUrlEncodedSoAnOddIdNamesThatIdAndNeverAnotherRoute() {
    start();
    assertThat(cli.run("keys", "create", "--id", "ci")).isZero();

    // Unencoded, a space made no URL at all, '/' and '..' reached other routes, '?' cut the path.
    for (String id : List.of("a b", "ci/revoke", "../tokens", "..", "ci?x=1", "ci#frag", "é+%")) {
      assertThat(cli.run("keys", "show", id)).as(id).isEqualTo(1);
      assertThat(cli.err()).isEqualTo("error: the key '" + id + "' does not exist (HTTP 404)\n");
      assertThat(cli.run("keys", "revoke", id)).as(id).isEqualTo(1);
      assertThat(cli.err()).isEqualTo("error: the key '" + id + "' does not exist (HTTP 404)\n");
      assertThat(cli.run("keys", "update", id, "--rpm", "5")).as(id).isEqualTo(1);
      assertThat(cli.err()).isEqualTo("error: the key '" + id + "' does not exist (HTTP 404)\n");
    }
    assertThat(cli.run("tokens", "revoke", "x/../y z")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("error: the token 'x/../y z' does not exist (HTTP 404)\n");
    assertThat(cli.run("budgets", "show", "a b/c")).isEqualTo(1);
    assertThat(cli.err()).contains("'a b/c'").endsWith("(HTTP 404)\n");

    assertThat(cli.run("keys", "show", "ci")).isZero();
    assertThat(cli.out()).contains("status          active");
  }
}
