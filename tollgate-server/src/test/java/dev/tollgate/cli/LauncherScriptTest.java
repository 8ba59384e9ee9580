package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code ./tollgate} launcher in a copy of the repository's scripts, with a jar that is up
 * to date and a fake JDK whose {@code java} prints the options it was given, so that the JVM
 * options the launcher chooses are seen without starting a JVM.
 */
class LauncherScriptTest {

  private static final Path REPO = Path.of("").toAbsolutePath().getParent();

  @TempDir Path dir;
  private Path repo;
  private Path jdk;

  @BeforeEach
  void copyOfTheLauncher() throws IOException {
    repo = Files.createDirectories(dir.resolve("repo"));
    Files.createDirectories(repo.resolve("bin"));
    executable(repo.resolve("tollgate"), Files.readString(REPO.resolve("tollgate")));
    Files.copy(REPO.resolve("bin/find-jdk.sh"), repo.resolve("bin/find-jdk.sh"));
    Files.createDirectories(repo.resolve("tollgate-server/target"));
    Files.writeString(repo.resolve("tollgate-server/target/tollgate.jar"), "not a jar");
    jdk = Files.createDirectories(dir.resolve("jdk-25/bin"));
    executable(jdk.resolve("java"), "#!/bin/sh\necho \"$@\"\n");
    executable(jdk.resolve("javac"), "#!/bin/sh\n");
    Files.writeString(jdk.getParent().resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private String launch(String javaOpts, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(repo.resolve("tollgate").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("JAVA_HOME", jdk.getParent().toString());
    builder.environment().put("TOLLGATE_JAVA_OPTS", javaOpts);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void theSerialCollectorIsTheDefaultAndAnotherChosenInJavaOptsReplacesIt() throws Exception {
    assertThat(launch("", "--version")).contains("-XX:+UseSerialGC", "-Xmx256m");

    // HotSpot refuses two collectors ("Multiple garbage collectors selected").
    String parallel = launch("-XX:+UseParallelGC -Xmx512m", "--version");
    assertThat(parallel).doesNotContain("UseSerialGC").contains("-XX:+UseParallelGC -Xmx512m");
  }

  @Test
  void serveOnJdk25TrainsAnAotCacheThenUsesIt() throws Exception {
    Path cache = repo.resolve("tollgate-server/target/cds/serve.aot");

    assertThat(launch("", "serve")).contains("-XX:AOTCacheOutput=" + cache);

    Files.writeString(cache, "a cache newer than the jar");
    assertThat(launch("", "serve")).contains("-XX:AOTCache=" + cache).doesNotContain("Output");
    assertThat(launch("", "--version")).doesNotContain("AOT");
  }
}
