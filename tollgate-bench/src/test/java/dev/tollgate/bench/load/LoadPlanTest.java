package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs a plan against a real local server and checks what it prints, never how fast. */
class LoadPlanTest {

  private static Vertx vertx;
  private static int port;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    port =
        vertx
            .createHttpServer()
            .requestHandler(req -> req.body().onSuccess(body -> req.response().end(body)))
            .listen(0)
            .await()
            .actualPort();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** The options of one short measurement against the test server, then {@code extra}. */
  private String measurement(String... extra) throws Exception {
    Path body = dir.resolve("body.json");
    Files.writeString(body, "{}");
    String common =
        String.join(
            "\t",
            "--url",
            "http://127.0.0.1:" + port + "/",
            "--body",
            body.toString(),
            "--duration",
            "0.2",
            "--warmup",
            "0",
            "--connections",
            "2");
    return common + "\t" + String.join("\t", extra);
  }

  /** Runs the plan with standard output captured; returns it and the failure count. */
  private static Object[] run(List<String> plan, StringWriter err) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      int failed = LoadPlan.run(plan, new PrintWriter(err, true));
      return new Object[] {out.toString(StandardCharsets.UTF_8), failed};
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void eachLineIsOneMeasurementAndAWarmUpLinePrintsNothing() throws Exception {
    StringWriter err = new StringWriter();
    Object[] r =
        run(
            List.of(
                "# a comment, then a blank line",
                "",
                measurement("--rate", "200", "--no-output", "--meta", "round=warm-up"),
                measurement("--rate", "200", "--meta", "round=1")),
            err);

    List<String> lines = ((String) r[0]).lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(lines.get(0));
    assertThat(json.path("round").asText()).isEqualTo("1");
    assertThat(r[1]).isEqualTo(0);
    // Progress only: one line a measurement, named by its labels.
    assertThat(err.toString().lines().toList())
        .hasSize(2)
        .allMatch(l -> l.startsWith("[loadplan "))
        .anyMatch(l -> l.endsWith("2 of 2: round=1"));
  }

  @Test
  void aFailedMeasurementIsCountedAndNamedAndThePlanGoesOn() throws Exception {
    StringWriter err = new StringWriter();
    Object[] r =
        run(
            List.of(measurement("--rate", "0"), measurement("--rate", "200", "--meta", "round=2")),
            err);

    assertThat(r[1]).isEqualTo(1);
    assertThat(err.toString())
        .contains("--rate must be at least 1, got 0")
        .contains("the measurement on line 1 failed (exit code 2)");
    assertThat(((String) r[0]).lines().toList()).hasSize(1);
  }
}
