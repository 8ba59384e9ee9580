package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CliContext context =
        new CliContext(
            env,
            dir,
            InstantSource.system(),
            Instant.now(),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return Main.run(args, context);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  @Test
  void helpListsTheServeCommandAndExitsZero() {
    assertThat(run("--help")).isZero();

    assertThat(out.toString()).contains("Usage: tollgate", "serve", "--version");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void versionNamesTheProjectVersionAndTheJava() {
    assertThat(run("--version")).isZero();

    assertThat(out.toString()).containsPattern("^tollgate \\d+\\.\\d+\\.\\d+").contains("Java ");
  }

  @Test
  void serveParsedWithoutTheOtherCommandsHelpsAsTheFullTreeDoes() {
    assertThat(run("serve", "--help")).isZero();
    String alone = out.toString();
    StringWriter full = new StringWriter();
    picocli.CommandLine tree =
        Main.commandLine(
            new CliContext(
                Map.of(),
                dir,
                InstantSource.system(),
                Instant.now(),
                new PrintWriter(full, true),
                new PrintWriter(new StringWriter(), true)));

    assertThat(tree.execute("serve", "--help")).isZero();
    assertThat(alone).isEqualTo(full.toString()).contains("Usage: tollgate serve");
  }

  @Test
  void serveHelpDocumentsTheConfigOption() {
    assertThat(run("serve", "--help")).isZero();

    assertThat(out.toString()).contains("--config=FILE", "TOLLGATE_CONFIG");
  }

  @Test
  void noCommandIsAUsageErrorWithExitCodeTwo() {
    assertThat(run()).isEqualTo(2);

    assertThat(err.toString())
        .isEqualTo(
            "error: missing a command"
                + System.lineSeparator()
                + "Try 'tollgate --help' for usage."
                + System.lineSeparator());
  }

  @Test
  void anUnknownOptionIsAUsageErrorPointingAtTheCommandsHelp() {
    assertThat(run("serve", "--prot", "1")).isEqualTo(2);

    assertThat(err.toString())
        .startsWith("error: Unknown option")
        .contains("Try 'tollgate serve --help' for usage.");
  }

  @Test
  void aBadConfigurationExitsOneWithOneLineAndNoStackTrace() {
    assertThat(run(Map.of("TOLLGATE_PORT", "70000"), "serve")).isEqualTo(1);

    assertThat(err.toString())
        .isEqualTo(
            "error: TOLLGATE_PORT: must be between 1 and 65535, got 70000"
                + System.lineSeparator());
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBadConfigFileNamesTheFileAndField() throws Exception {
    Files.writeString(dir.resolve("t.yaml"), "storage:\n  data-dir: x\n");

    assertThat(run("serve", "--config", "t.yaml")).isEqualTo(1);

    assertThat(err.toString())
        .isEqualTo(
            "error: t.yaml: unknown key storage.data-dir (storage allows: data_dir, ledger_durability)"
                + System.lineSeparator());
  }

  @Test
  void aPortInUseExitsOneWithOneLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      Map<String, String> env =
          Map.of(
              "TOLLGATE_HOST", "127.0.0.1", "TOLLGATE_PORT", String.valueOf(taken.getLocalPort()));

      assertThat(run(env, "serve")).isEqualTo(1);
    }

    assertThat(err.toString()).startsWith("error: cannot listen on 127.0.0.1:");
    assertThat(err.toString().lines()).hasSize(1);
  }
}
