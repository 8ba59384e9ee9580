package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/find-jdk.sh}, which the launcher and CI share, against fake JDKs whose {@code
 * java -version} prints a chosen version.
 */
class FindJdkScriptTest {

  private static final Path SCRIPT =
      Path.of("").toAbsolutePath().getParent().resolve("bin/find-jdk.sh");

  @TempDir Path dir;
  private Path jvms;

  record Result(int exit, String out, String err) {}

  @BeforeEach
  void fakeJdks() throws IOException {
    jvms = dir.resolve("jvm");
    fakeJdk(jvms.resolve("java-17"), "openjdk version \"17.0.2\" 2022-01-18", true);
    fakeJdk(jvms.resolve("jdk-21"), "openjdk version \"21-ea\" 2023-09-19", true);
    fakeJdk(jvms.resolve("temurin-25"), "openjdk version \"25.0.1\" 2025-10-21 LTS", true);
    fakeJdk(jvms.resolve("jre-30"), "openjdk version \"30\" 2028-03-21", false);
    fakeJdk(jvms.resolve("ancient"), "java version \"1.8.0_292\"", true);
  }

  private static void fakeJdk(Path home, String versionLine, boolean withJavac) throws IOException {
    Files.createDirectories(home.resolve("bin"));
    executable(home.resolve("bin/java"), "#!/bin/sh\necho '" + versionLine + "' >&2\n");
    if (withJavac) {
      executable(home.resolve("bin/javac"), "#!/bin/sh\n");
    }
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** Sources the script in a clean environment whose javac on PATH is the fake JDK 17's. */
  private Result find(Map<String, String> extraEnv) throws Exception {
    Path fakeBin = Files.createDirectories(dir.resolve("path-bin"));
    Files.deleteIfExists(fakeBin.resolve("javac"));
    Files.createSymbolicLink(fakeBin.resolve("javac"), jvms.resolve("java-17/bin/javac"));
    ProcessBuilder builder =
        new ProcessBuilder(
            List.of(
                "bash",
                "-c",
                "source \"$1\"; tollgate_find_jdk && echo \"$TOLLGATE_JAVA_HOME"
                    + " $TOLLGATE_JAVA_MAJOR\"",
                "test",
                SCRIPT.toString()));
    builder.environment().clear();
    builder.environment().put("PATH", fakeBin + ":/usr/bin:/bin");
    builder.environment().put("TOLLGATE_JVM_DIR", jvms.toString());
    builder.environment().putAll(extraEnv);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip(),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void withoutJavaHomeTheHighestJdkOfAtLeast21IsChosenAndAJreIsSkipped() throws Exception {
    Result result = find(Map.of());

    assertThat(result.exit()).isZero();
    assertThat(result.out()).isEqualTo(jvms.resolve("temurin-25") + " 25");
  }

  @Test
  void aJavaHomeOfAtLeast21WinsOverNewerJdks() throws Exception {
    Result result = find(Map.of("JAVA_HOME", jvms.resolve("jdk-21").toString()));

    assertThat(result.out()).isEqualTo(jvms.resolve("jdk-21") + " 21");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void aTooOldJavaHomeIsSkippedWithANote() throws Exception {
    Result result = find(Map.of("JAVA_HOME", jvms.resolve("java-17").toString()));

    assertThat(result.out()).isEqualTo(jvms.resolve("temurin-25") + " 25");
    assertThat(result.err()).contains("is not a JDK 21+ (found: 17)");
  }

  @Test
  void withNoSuitableJdkItFailsWithAClearMessage() throws Exception {
    for (String newer : List.of("jdk-21", "temurin-25")) {
      Files.delete(jvms.resolve(newer).resolve("bin/javac"));
    }

    Result result = find(Map.of());

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("no JDK 21 or newer found", "set JAVA_HOME");
  }

  @Test
  void aJdksReleaseFileGivesItsVersionWithoutRunningIt() throws Exception {
    // Its java would say 17 if run: the release file is what is read.
    Path home = jvms.resolve("jdk-26");
    fakeJdk(home, "openjdk version \"17.0.2\" 2022-01-18", true);
    Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"26.0.1\"\n");

    Result result = find(Map.of());

    assertThat(result.out()).isEqualTo(home + " 26");
  }
}
