package dev.tollgate.bench;

import dev.tollgate.ledger.Attribution;
import dev.tollgate.ledger.LedgerWriter;
import dev.tollgate.ledger.UsageEvent;
import dev.tollgate.money.Money;
import dev.tollgate.store.Store;
import dev.tollgate.usage.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained durable appends: usage events through {@link LedgerWriter} (default batch 1,000, delay
 * 2 ms) into the SQLite ledger (WAL, synchronous=FULL) in a temporary directory. The score is
 * events per second: each operation appends 1,000 events and waits until all are durable, and four
 * threads keep up to 4,000 in flight, as concurrent requests would.
 *
 * <p>Every event has a new id (a duplicate would be skipped, which is cheaper), drawn as the
 * gateway draws request ids: {@code ids=uuid7} (time-ordered, what the gateway uses since
 * 2026-12-07) or {@code ids=uuid4} (random, what it used before). The id is the events table's
 * primary key, and random keys land on random leaves of its B-tree. Plausible attribution: 5 teams,
 * 20 users, 1,000 end users (half the events name none), 50 keys, 0–2 of 4 tags, 4 models, so a
 * batch of 1,000 touches a few hundred rollup rows per table.
 *
 * <p>Run: {@code ./mvnw -B -q -o -pl tollgate-bench -am package -DskipTests && java -jar
 * tollgate-bench/target/benchmarks.jar LedgerAppendBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Threads(4)
public class LedgerAppendBenchmark {

  static final int EVENTS_PER_OP = 1_000;
  private static final List<String> TAGS = List.of("prod", "eu", "beta", "experiment");
  private static final List<String> MODELS =
      List.of("gpt-4o", "gpt-4o-mini", "claude-sonnet-4-5", "gemini-2.5-flash");

  /** How event ids are drawn: {@code uuid7} (time-ordered) or {@code uuid4} (random). */
  @Param({"uuid7", "uuid4"})
  public String ids;

  private final AtomicLong count = new AtomicLong();
  private Path dir;
  private Store store;
  private LedgerWriter writer;
  private UsageEvent[] templates;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("tollgate-ledger-bench");
    store = Store.openSqlite(dir, InstantSource.system());
    writer = new LedgerWriter(store.ledger());
    Random random = new Random(42);
    templates = new UsageEvent[4_096];
    for (int i = 0; i < templates.length; i++) {
      templates[i] = template(random);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    writer.close();
    System.out.printf(
        "%n  ledger: %,d events in %,d batches (last %d), file %,d bytes%n",
        writer.entries(),
        writer.batches(),
        writer.lastBatchSize(),
        Files.size(dir.resolve(Store.SQLITE_FILE)));
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Appends 1,000 new events and waits until every one is durable. */
  @Benchmark
  @OperationsPerInvocation(EVENTS_PER_OP)
  public void appendDurably() {
    @SuppressWarnings("unchecked")
    CompletableFuture<Void>[] futures = new CompletableFuture[EVENTS_PER_OP];
    Instant now = Instant.now();
    for (int i = 0; i < EVENTS_PER_OP; i++) {
      long n = count.getAndIncrement();
      UsageEvent t = templates[(int) (n & (templates.length - 1))];
      futures[i] =
          writer.append(
              new UsageEvent(
                  id(now.toEpochMilli()),
                  now,
                  t.who(),
                  t.provider(),
                  t.modelRequested(),
                  t.modelUsed(),
                  t.usage(),
                  t.estimatedCost(),
                  t.actualCost(),
                  t.costState(),
                  t.latencyMillis(),
                  t.outcome(),
                  t.fallbackFrom(),
                  t.fallbackReason(),
                  t.origin()));
    }
    CompletableFuture.allOf(futures).join();
  }

  /** A new id as {@code ids} says: RFC 9562's version 7 (the millisecond first) or version 4. */
  private String id(long epochMillis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (ids.equals("uuid4")) {
      return new UUID(random.nextLong() & ~0xF000L | 0x4000L, variant(random)).toString();
    }
    return new UUID(epochMillis << 16 | 0x7000L | random.nextLong(0x1000L), variant(random))
        .toString();
  }

  private static long variant(ThreadLocalRandom random) {
    return random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
  }

  private static UsageEvent template(Random random) {
    String model = MODELS.get(random.nextInt(MODELS.size()));
    List<String> tags =
        random.nextBoolean()
            ? List.of()
            : List.of(TAGS.get(random.nextInt(4)), TAGS.get(random.nextInt(4)));
    Usage usage =
        Usage.builder()
            .set(dev.tollgate.usage.UsageKind.INPUT, random.nextInt(4_000))
            .set(dev.tollgate.usage.UsageKind.CACHE_READ, random.nextInt(2_000))
            .set(dev.tollgate.usage.UsageKind.OUTPUT, random.nextInt(1_000))
            .raw(
                "{\"prompt_tokens\":2006,\"completion_tokens\":317,\"total_tokens\":2323,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":1920}}")
            .build();
    return new UsageEvent(
        "template",
        Instant.EPOCH,
        new Attribution(
            "key-" + random.nextInt(50),
            "user-" + random.nextInt(20),
            random.nextBoolean() ? "" : "end-user-" + random.nextInt(1_000),
            "team-" + random.nextInt(5),
            "project-" + random.nextInt(10),
            "service-" + random.nextInt(3),
            tags),
        model.startsWith("claude") ? "anthropic" : model.startsWith("gemini") ? "google" : "openai",
        model,
        model,
        usage,
        Money.ofNanos(random.nextLong(50_000_000L)),
        Money.ofNanos(random.nextLong(20_000_000L)),
        UsageEvent.CostState.EXACT,
        random.nextInt(5_000),
        UsageEvent.Outcome.SUCCESS,
        "",
        "",
        UsageEvent.Origin.GATEWAY);
  }
}
