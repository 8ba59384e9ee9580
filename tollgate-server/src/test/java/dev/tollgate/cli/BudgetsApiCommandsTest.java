package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tollgate budgets …} and {@code tollgate status} against a real running gateway. */
class BudgetsApiCommandsTest {

  @TempDir Path dir;

  private Gateway gateway;
  private Cli cli;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private void start() throws Exception {
    start(
        """
        budgets:
          define:
            - id: team-ml
              scope: team:ml
              limit_usd: 10
              period: monthly
        """);
  }

  private void start(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    gateway = Gateway.start(config, InstantSource.system());
    cli = Cli.against(dir, gateway);
  }

  @Test
  void createListSetRemainingResetDeleteAndStatusAgainstARunningGateway() throws Exception {
    start();

    assertThat(
            cli.run(
                "budgets",
                "create",
                "--id",
                "ml-daily",
                "--scope",
                "team:ml",
                "--limit-usd",
                "2.50",
                "--period",
                "daily"))
        .isZero();
    assertThat(cli.out()).startsWith("BUDGET").contains("ml-daily").contains("2.50 USD");

    assertThat(cli.run("budgets", "list")).isZero();
    String[] lines = cli.out().split("\n");
    assertThat(lines[0]).startsWith("ID        SOURCE");
    assertThat(lines[1]).startsWith("ml-daily").contains("api").contains("2.50 USD");
    assertThat(lines[2]).startsWith("team-ml").contains("config").contains("10.00 USD");
    assertThat(lines[2].indexOf("config")).isEqualTo(lines[0].indexOf("SOURCE"));

    assertThat(cli.run("budgets", "set-remaining", "team-ml", "--usd", "4", "--reason", "x"))
        .isZero();
    assertThat(cli.out()).contains("6.00 USD").contains("projection: linear");
    assertThat(cli.run("status", "--scope", "team:ml", "--format", "json")).isZero();
    JsonNode status = new ObjectMapper().readTree(cli.out());
    // Both budgets of team:ml, by id: the daily one created above, then the file's.
    assertThat(status.get("data").get(0).get("id").asText()).isEqualTo("ml-daily");
    assertThat(status.get("data").get(1).get("spent_usd").asText()).isEqualTo("6.000000000");
    assertThat(cli.run("budgets", "reset", "team-ml")).isZero();
    assertThat(cli.run("status")).isZero();
    assertThat(cli.out()).contains("team-ml").contains("ml-daily");

    assertThat(cli.run("budgets", "update", "team-ml", "--limit-usd", "1")).isEqualTo(1);
    assertThat(cli.err()).contains("configuration file").endsWith("(HTTP 409)\n");
    assertThat(cli.run("budgets", "delete", "ml-daily")).isZero();
    assertThat(cli.out()).isEqualTo("deleted ml-daily\n");
    assertThat(cli.run("status", "--scope", "planet:mars")).isEqualTo(1);
    assertThat(cli.err()).startsWith("error: scope: unknown scope 'planet'");
  }

  @Test
  void statusReadsEveryPageWhenTheGatewayHasMoreBudgetsThanAPageHolds() throws Exception {
    StringBuilder yaml = new StringBuilder("budgets:\n  define:\n");
    for (int i = 0; i < 205; i++) {
      yaml.append(
          "    - {id: b%03d, scope: \"team:t%03d\", limit_usd: 1, period: daily}\n"
              .formatted(i, i));
    }
    start(yaml.toString());

    assertThat(cli.run("status", "--format", "json")).isZero();

    JsonNode all = new ObjectMapper().readTree(cli.out());
    assertThat(all.get("data")).hasSize(205);
    assertThat(all.get("data").get(204).get("id").asText()).isEqualTo("b204");
    assertThat(all.get("has_more").asBoolean()).isFalse();
  }

  @Test
  void aGatewayThatIsNotRunningIsOneLine() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Cli offline = new Cli(dir).env("TOLLGATE_ADMIN_KEY", "tga-x");

    assertThat(offline.run("status", "--url", "http://127.0.0.1:" + port)).isEqualTo(1);

    assertThat(offline.err()).startsWith("error: no Tollgate gateway is answering").endsWith(")\n");
    assertThat(offline.err().lines()).hasSize(1);
  }
}
