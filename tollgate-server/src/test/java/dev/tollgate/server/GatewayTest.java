package dev.tollgate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.config.TollgateConfig;
import dev.tollgate.store.Store;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starts the real gateway on a free port with a temporary data directory. */
class GatewayTest {

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private TollgateConfig config;
  private Gateway gateway;

  @BeforeEach
  void start() {
    config = TollgateConfig.defaults(dir).withServer("127.0.0.1", 0);
    gateway = Gateway.start(config, InstantSource.system());
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return send(gateway.port(), method, path);
  }

  private HttpResponse<String> send(int port, String method, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(5))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void onLinuxX8664TheEventLoopsRunOnNettysNativeEpollTransport() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64"),
        "the native transport is bundled for Linux x86-64 only");

    assertThat(gateway.nativeTransport()).isTrue();
  }

  @Test
  void healthzAnswersOkAsJson() throws Exception {
    HttpResponse<String> response = send("GET", "/healthz");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("application/json");
    assertThat(response.body()).isEqualTo("{\"status\":\"ok\",\"deployments\":[]}");
  }

  @Test
  void anyOtherPathIsA404WithAnOpenAiStyleError() throws Exception {
    HttpResponse<String> response = send("GET", "/x?y=1");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body())
        .isEqualTo("{\"error\":{\"type\":\"not_found\",\"message\":\"no route for GET /x\"}}");
  }

  @Test
  void theProxyEndpointsNotBuiltYetAre404s() throws Exception {
    HttpResponse<String> response = send("POST", "/v1/images/generations");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no route for POST /v1/images/generations");
  }

  @Test
  void theSqliteFileExistsInTheDataDirWithTheMigrationApplied() throws SQLException {
    Path db = dir.resolve("tollgate-data").resolve(Store.SQLITE_FILE);

    assertThat(db).isRegularFile();
    assertThat(gateway.store().location()).isEqualTo(db.toString());
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet r = c.createStatement().executeQuery("SELECT count(*) FROM instance")) {
      r.next();
      assertThat(r.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void aPortInUseIsOneClearErrorNamingTheAddress() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      TollgateConfig clash = config.withServer("127.0.0.1", taken.getLocalPort());

      assertThatThrownBy(
              () -> Gateway.start(clash.withDataDir(dir.resolve("other")), InstantSource.system()))
          .isInstanceOf(StartupException.class)
          .hasMessage(
              "cannot listen on 127.0.0.1:"
                  + taken.getLocalPort()
                  + ": the port is already in use (set server.port in tollgate.yaml or"
                  + " TOLLGATE_PORT)");
    }
  }

  @Test
  void afterCloseTheServerNoLongerAnswers() {
    int port = gateway.port();
    gateway.close();

    assertThat(port).isPositive();
    assertThatThrownBy(() -> send(port, "GET", "/healthz")).isInstanceOf(IOException.class);
  }
}
