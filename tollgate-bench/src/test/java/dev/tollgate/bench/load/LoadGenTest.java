package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadGenTest {

  private static String[] errorsOf(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LoadGen()).setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), err.toString()};
  }

  @Test
  void aBadOptionIsAUsageErrorThatNamesIt() {
    String[] r = errorsOf("--url", "http://127.0.0.1:1/", "--body", "missing.json", "--rate", "0");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("--rate must be at least 1, got 0");
  }

  @Test
  void aHeaderWithoutAColonIsRefused() {
    String[] r =
        errorsOf(
            "--url",
            "http://127.0.0.1:1/",
            "--body",
            "pom.xml",
            "--duration",
            "0.1",
            "-H",
            "nocolon");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[1]).contains("--header must be 'Name: value', got nocolon");
  }

  @Test
  void anUnknownFormatIsRefused() {
    String[] r = errorsOf("--url", "http://127.0.0.1:1/", "--body", "pom.xml", "--format", "csv");
    assertThat(r[1]).contains("--format must be json or markdown, got csv");
  }
}
