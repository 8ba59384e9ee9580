package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

  @Test
  void anIdIsARandomVersionFourUuidInItsUsualForm() {
    String id = RequestIds.next();
    UUID parsed = UUID.fromString(id);
    assertThat(parsed.toString()).isEqualTo(id);
    assertThat(parsed.version()).isEqualTo(4);
    assertThat(parsed.variant()).isEqualTo(2);
  }

  @Test
  void idsDrawnOnManyThreadsAreAllDifferent() throws InterruptedException {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Thread[] threads = new Thread[8];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    Set<String> mine = new HashSet<>();
                    for (int i = 0; i < 20_000; i++) {
                      mine.add(RequestIds.next());
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
