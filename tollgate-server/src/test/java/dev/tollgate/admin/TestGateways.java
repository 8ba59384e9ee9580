package dev.tollgate.admin;

import dev.tollgate.config.ConfigLoader;
import dev.tollgate.config.TollgateConfig;
import dev.tollgate.server.Gateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;

/** Starts a real gateway on a random port from a tollgate.yaml written in a test's directory. */
public final class TestGateways {

  private TestGateways() {}

  /** A gateway over {@code yaml} (written to {@code dir}), its data in {@code dir/data}. */
  public static Gateway start(Path dir, String yaml, InstantSource clock) throws Exception {
    Path file = Files.writeString(dir.resolve("tollgate.yaml"), yaml);
    TollgateConfig config =
        ConfigLoader.load(Optional.of(file), Map.of(), dir)
            .withServer("127.0.0.1", 0)
            .withDataDir(dir.resolve("data"));
    return Gateway.start(config, clock);
  }

  /**
   * Records usage of {@code team} from outside, with {@code POST /admin/v1/usage}: a fixed cost on
   * {@code provider}'s {@code model}, at {@code time} (now if null).
   */
  static void record(
      AdminClient http,
      String admin,
      String id,
      String time,
      String provider,
      String model,
      String usd,
      String team)
      throws Exception {
    StringBuilder body = new StringBuilder("{\"request_id\":\"" + id + "\"");
    if (time != null) {
      body.append(",\"time\":\"").append(time).append('"');
    }
    if (model != null) {
      body.append(",\"model\":\"").append(model).append('"');
    }
    body.append(
        ",\"provider\":\"%s\",\"cost_usd\":\"%s\",\"team\":\"%s\"}".formatted(provider, usd, team));
    AdminClient.Reply r = http.send("POST", "/admin/v1/usage", admin, body.toString());
    if (r.status() != 201) {
      throw new AssertionError("recording usage: " + r.status() + " " + r.raw().body());
    }
  }
}
