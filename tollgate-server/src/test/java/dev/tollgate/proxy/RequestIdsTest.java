package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  private static final long MAY_1 = Instant.parse("2026-05-01T12:00:00.123Z").toEpochMilli();

  @Test
  void anIdIsAVersionSevenUuidInItsUsualFormThatCarriesItsMillisecond() {
    String id = RequestIds.next(MAY_1);
    UUID parsed = UUID.fromString(id);
    assertThat(parsed.toString()).isEqualTo(id);
    assertThat(parsed.version()).isEqualTo(7);
    assertThat(parsed.variant()).isEqualTo(2);
    assertThat(parsed.getMostSignificantBits() >>> 16).isEqualTo(MAY_1);
    // RFC 9562's layout: the first 12 hex digits are the millisecond, big-endian.
    assertThat(id.replace("-", "").substring(0, 12)).isEqualTo(String.format("%012x", MAY_1));
  }

  @Test
  void idsOfLaterMillisecondsSortAfterEarlierOnesAsStrings() {
    List<String> ids = new ArrayList<>();
    for (long ms = MAY_1; ms < MAY_1 + 3_000; ms += 7) {
      ids.add(RequestIds.next(ms));
    }
    assertThat(ids).isSorted();
  }

  @Test
  void idsOfOneMillisecondDrawnOnManyThreadsAreAllDifferent() throws InterruptedException {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    Set<String> mine = new HashSet<>();
                    for (int i = 0; i < 20_000; i++) {
                      mine.add(RequestIds.next(MAY_1));
                    }
                    seen.addAll(mine);
                  });
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(seen).hasSize(8 * 20_000);
  }
}
