package dev.tollgate.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSamplerTest {

  @Test
  void cpuTicksAreUserPlusSystemTimeEvenWhenTheCommandNameHasSpacesAndParentheses() {
    String stat =
        "4242 (node (a b)) S 1 4242 4242 0 -1 4194560 1510 0 0 0 731 269 0 0 20 0 11 0 8141 1100 2 0";
    assertThat(ProcessSampler.cpuTicks(stat)).isEqualTo(1_000);
  }

  @Test
  void aMissingOrTruncatedStatReadsAsZero() {
    assertThat(ProcessSampler.cpuTicks("")).isZero();
    assertThat(ProcessSampler.cpuTicks("1 (x) S 1 2")).isZero();
  }

  @Test
  void rssIsReadFromVmRssInKilobytes() {
    String status = "Name:\tjava\nVmPeak:\t 9000 kB\nVmRSS:\t  153600 kB\nThreads:\t30\n";
    assertThat(ProcessSampler.rssBytes(status)).isEqualTo(157_286_400L);
    assertThat(ProcessSampler.rssBytes("Name:\tzombie\n")).isZero();
  }

  @Test
  void thisProcessIsSeenUsingMemory() {
    try (ProcessSampler s = ProcessSampler.start(List.of(ProcessHandle.current().pid()))) {
      assertThat(s.usage().maxRssBytes()).isPositive();
    }
  }
}
