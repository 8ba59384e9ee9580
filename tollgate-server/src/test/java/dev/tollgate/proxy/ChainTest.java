package dev.tollgate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainTest {

  private final List<String> log = new ArrayList<>();

  private Interceptor step(String name, boolean failBefore) {
    return new Interceptor() {
      @Override
      public Future<Void> before(Exchange x) {
        log.add("before " + name);
        if (failBefore) {
          throw new IllegalStateException(name);
        }
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> after(Exchange x) {
        log.add("after " + name);
        return Future.succeededFuture();
      }
    };
  }

  private static Exchange exchange() {
    return new Exchange("r", Instant.EPOCH, MultiMap.caseInsensitiveMultiMap(), new byte[0], null);
  }

  @Test
  void beforesRunInOrderAndAftersInReverse() {
    Exchange x = exchange();
    Chain chain =
        new Chain(
            List.of(step("a", false), step("b", false)),
            e -> {
              log.add("call");
              return Future.succeededFuture();
            });

    assertThat(chain.run(x).succeeded()).isTrue();

    assertThat(log).containsExactly("before a", "before b", "call", "after b", "after a");
    assertThat(x.failure()).isNull();
  }

  /** A step whose way in and way back complete only when the test says so. */
  private Interceptor waiting(String name, List<Promise<Void>> pending, boolean failAfter) {
    return new Interceptor() {
      @Override
      public Future<Void> before(Exchange x) {
        log.add("before " + name);
        Promise<Void> p = Promise.promise();
        pending.add(p);
        return p.future();
      }

      @Override
      public Future<Void> after(Exchange x) {
        log.add("after " + name);
        Promise<Void> p = Promise.promise();
        pending.add(p);
        return failAfter
            ? p.future().compose(v -> Future.failedFuture(new IllegalStateException(name)))
            : p.future();
      }
    };
  }

  @Test
  void stepsThatCompleteLaterKeepTheOrderAndTheWayBack() {
    Exchange x = exchange();
    List<Promise<Void>> pending = new ArrayList<>();
    Promise<Void> called = Promise.promise();
    Chain chain =
        new Chain(
            List.of(step("a", false), waiting("b", pending, true), step("c", false)),
            e -> {
              log.add("call");
              return called.future();
            });

    Future<Void> done = chain.run(x);
    assertThat(log).containsExactly("before a", "before b");
    pending.removeFirst().complete(); // b's way in
    assertThat(log).containsExactly("before a", "before b", "before c", "call");
    called.fail(new IllegalStateException("upstream"));
    assertThat(log).endsWith("after c", "after b");
    assertThat(done.isComplete()).isFalse();
    pending.removeFirst().complete(); // b's way back, which then fails

    assertThat(done.succeeded()).isTrue();
    assertThat(log)
        .containsExactly(
            "before a", "before b", "before c", "call", "after c", "after b", "after a");
    assertThat(x.failure()).hasMessage("upstream");
  }

  @Test
  void aFailedCallStillRunsEveryAfterAndIsRecorded() {
    Exchange x = exchange();
    Chain chain =
        new Chain(
            List.of(step("a", false), step("b", false)),
            e -> Future.failedFuture(new IllegalStateException("upstream down")));

    assertThat(chain.run(x).succeeded()).isTrue();

    assertThat(log).containsExactly("before a", "before b", "after b", "after a");
    assertThat(x.failure()).hasMessage("upstream down");
  }

  @Test
  void aFailedBeforeSkipsTheRestButUnwindsTheStepsThatRan() {
    Exchange x = exchange();
    Chain chain =
        new Chain(
            List.of(step("a", false), step("b", true), step("c", false)),
            e -> {
              log.add("call");
              return Future.succeededFuture();
            });

    chain.run(x);

    assertThat(log).containsExactly("before a", "before b", "after a");
    assertThat(x.failure()).hasMessage("b");
  }

  @Test
  void aFailedAfterIsRecordedAndTheOuterAftersStillRun() {
    Exchange x = exchange();
    Interceptor broken =
        new Interceptor() {
          @Override
          public Future<Void> after(Exchange e) {
            return Future.failedFuture(new IllegalStateException("ledger full"));
          }
        };
    Chain chain = new Chain(List.of(step("a", false), broken), e -> Future.succeededFuture());

    chain.run(x);

    assertThat(log).containsExactly("before a", "after a");
    assertThat(x.failure()).hasMessage("ledger full");
  }
}
