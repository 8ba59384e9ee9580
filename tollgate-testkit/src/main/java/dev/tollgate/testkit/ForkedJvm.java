package dev.tollgate.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class in a child JVM with the test's class path, reads the lines it prints, and kills
 * it with SIGKILL mid-stream: how crash tests make a process die with work in flight.
 */
public final class ForkedJvm {

  private ForkedJvm() {}

  /**
   * Starts {@code main} with {@code args}, reads {@code lines} lines of its standard output, then
   * kills it (SIGKILL) and waits for it to die. Its standard error goes to {@code stderr}.
   *
   * @return the lines read, exactly {@code lines} of them
   * @throws AssertionError if the child printed fewer lines before it ended, quoting its stderr
   */
  public static List<String> readThenKill(Class<?> main, List<String> args, int lines, Path stderr)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    List<String> read = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (read.size() < lines && (line = out.readLine()) != null) {
        read.add(line);
      }
      // Lines after this point are not read: the kill may cut one in half.
      child.destroyForcibly();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        throw new AssertionError("the child did not die within 10 s of SIGKILL");
      }
    }
    if (read.size() < lines) {
      throw new AssertionError(
          "the child printed "
              + read.size()
              + " of "
              + lines
              + " lines; its stderr: "
              + Files.readString(stderr));
    }
    return read;
  }
}
