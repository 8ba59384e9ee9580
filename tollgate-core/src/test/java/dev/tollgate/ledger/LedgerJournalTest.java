package dev.tollgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerJournalTest {

  @TempDir Path dir;

  private final LedgerWriterTest.FakeStore store = new LedgerWriterTest.FakeStore();

  static UsageEvent fullEvent(String id) {
    return new UsageEvent(
        id,
        Instant.parse("2026-03-01T10:00:00.123456789Z"),
        new Attribution("key-1", "ann", "end-7", "team-a", "proj", "svc", List.of("b", "a")),
        "anthropic",
        "claude-sonnet-4-5",
        "claude-sonnet-4-5-20250929",
        new Usage(100, 20, 30, 40, 50, 6, 7, 8, 9, 10, 11, "{\"input_tokens\":100,\"é\":1}"),
        Money.ofNanos(1_234_567),
        Money.ofNanos(-89),
        UsageEvent.CostState.ESTIMATED,
        321,
        UsageEvent.Outcome.CANCELLED,
        "gpt-4o",
        "upstream 529",
        UsageEvent.Origin.GATEWAY,
        Money.ofNanos(42),
        new PromptPrefix("abc123", 2048));
  }

  @Test
  void anEntryReadBackFromTheJournalEqualsTheOneWritten() throws IOException {
    Adjustment adjustment =
        new Adjustment(
            "adj-1",
            Instant.parse("2026-03-02T00:00:00Z"),
            "team-a-monthly",
            Instant.parse("2026-03-01T00:00:00Z"),
            Adjustment.Kind.SET_REMAINING,
            -5_000_000_000L,
            "admin:ops",
            "refund");
    UsageEvent bare = LedgerWriterTest.event("bare");

    for (LedgerEntry e : List.of(fullEvent("full"), adjustment, bare)) {
      assertThat(JournalCodec.decode(JournalCodec.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void anEntryLargerThanTheEncodersFirstArrayComesBackWholeAfterItsHeadroom() throws IOException {
    UsageEvent full = fullEvent("long");
    // Raw usage of 20,000 characters, some of two UTF-8 bytes: the record outgrows the encoder's
    // first 512-byte array several times over.
    String raw = "{\"note\":\"" + "é".repeat(5_000) + "x".repeat(15_000) + "\"}";
    UsageEvent event =
        new UsageEvent(
            full.id(),
            full.time(),
            full.who(),
            full.provider(),
            full.modelRequested(),
            full.modelUsed(),
            new Usage(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, raw),
            full.estimatedCost(),
            full.actualCost(),
            full.costState(),
            full.latencyMillis(),
            full.outcome(),
            full.fallbackFrom(),
            full.fallbackReason(),
            full.origin(),
            full.savedCost(),
            full.prefix());

    byte[] plain = JournalCodec.encode(event);
    byte[] withHeadroom = JournalCodec.encode(event, 9);

    assertThat(plain.length).isGreaterThan(25_000);
    assertThat(JournalCodec.decode(plain)).isEqualTo(event);
    assertThat(Arrays.copyOfRange(withHeadroom, 0, 9)).containsOnly(0);
    assertThat(Arrays.copyOfRange(withHeadroom, 9, withHeadroom.length)).isEqualTo(plain);
  }

  @Test
  void entriesLeftInTheJournalByACrashAreReplayedIntoTheStoreAtTheNextStart() throws IOException {
    LedgerJournal journal = LedgerJournal.open(dir, LedgerJournal.DEFAULT_SEGMENT_BYTES);
    journal.write(fullEvent("a"));
    journal.write(fullEvent("b"));
    // No close: the process died with both entries journaled and neither committed.
    journal.abandon();

    LedgerJournal.Replay replay = LedgerJournal.recover(dir, store);

    assertThat(replay.entries()).isEqualTo(2);
    assertThat(replay.problems()).isEmpty();
    assertThat(store.entries()).containsExactly(fullEvent("a"), fullEvent("b"));
    assertThat(journal.files()).isEmpty();
  }

  @Test
  void aTornLastRecordIsSkippedAndTheEntriesBeforeItAreReplayed() throws IOException {
    LedgerJournal journal = LedgerJournal.open(dir, LedgerJournal.DEFAULT_SEGMENT_BYTES);
    journal.write(fullEvent("a"));
    journal.write(fullEvent("b"));
    Path segment = journal.files().getFirst();
    long size = Files.size(segment);
    try (var channel = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(size - 5);
    }
    journal.abandon();

    LedgerJournal.Replay replay = LedgerJournal.recover(dir, store);

    assertThat(store.entries()).containsExactly(fullEvent("a"));
    assertThat(replay.problems()).singleElement().asString().contains("torn record");
  }

  @Test
  void aSealedSegmentIsDeletedOnceEveryEntryInItIsCommitted() throws IOException {
    LedgerJournal journal = LedgerJournal.open(dir, 1);
    LedgerJournal.Segment first = journal.write(fullEvent("a"));
    LedgerJournal.Segment second = journal.write(fullEvent("b"));
    assertThat(second).isNotSameAs(first);
    assertThat(journal.files()).hasSize(2);

    journal.committed(first);

    assertThat(journal.files()).hasSize(1);
    journal.committed(second);
    journal.close();
    assertThat(journal.files()).isEmpty();
  }

  @Test
  void eachWritingThreadHasItsOwnSegmentsAndAllAreReplayed() throws Exception {
    LedgerJournal journal = LedgerJournal.open(dir, LedgerJournal.DEFAULT_SEGMENT_BYTES);
    LedgerJournal.Segment mine = journal.write(fullEvent("a"));
    LedgerJournal.Segment theirs = writeOnAnotherThread(journal, fullEvent("b"));
    // A write that stalls in the kernel then holds up only its own thread, not the other's.
    assertThat(theirs).isNotNull().isNotSameAs(mine);
    assertThat(journal.write(fullEvent("c"))).isSameAs(mine);
    assertThat(journal.files()).hasSize(2);
    journal.abandon();

    LedgerJournal.Replay replay = LedgerJournal.recover(dir, store);

    assertThat(replay.entries()).isEqualTo(3);
    assertThat(store.entries())
        .containsExactlyInAnyOrder(fullEvent("a"), fullEvent("b"), fullEvent("c"));
    assertThat(dir.toFile().list((d, n) -> n.endsWith(".journal"))).isEmpty();
  }

  @Test
  void closingDeletesEveryThreadsCommittedSegment() throws Exception {
    LedgerJournal journal = LedgerJournal.open(dir, LedgerJournal.DEFAULT_SEGMENT_BYTES);
    LedgerJournal.Segment mine = journal.write(fullEvent("a"));
    LedgerJournal.Segment theirs = writeOnAnotherThread(journal, fullEvent("b"));
    journal.committed(mine, 1);
    journal.committed(theirs, 1);
    journal.close();
    assertThat(journal.files()).isEmpty();
  }

  /** The segment {@code entry} went to, written by a thread of its own. */
  private static LedgerJournal.Segment writeOnAnotherThread(
      LedgerJournal journal, LedgerEntry entry) throws InterruptedException {
    LedgerJournal.Segment[] segment = new LedgerJournal.Segment[1];
    Thread other =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    segment[0] = journal.write(entry);
                  } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    other.join();
    return segment[0];
  }

  @Test
  void aJournaledAppendCompletesWhileTheStoreIsStillBusy() throws Exception {
    LedgerWriter writer = new LedgerWriter(store, LedgerJournal.open(dir, 1 << 20));
    store.block();
    try {
      CompletableFuture<Void> appended = writer.append(fullEvent("a"));
      CompletableFuture<Void> flushed = writer.flushed();

      assertThat(appended).isCompleted();
      assertThat(flushed).isNotDone();
      store.release();
      flushed.get(5, TimeUnit.SECONDS);
      assertThat(store.entries()).containsExactly(fullEvent("a"));
    } finally {
      store.release();
      writer.close();
    }
    assertThat(LedgerJournal.recover(dir, store).entries()).isZero();
  }

  @Test
  void aJournaledEntryTheStoreFailedStaysInTheJournalForTheNextStart() {
    store.failWhen(batch -> true);
    LedgerWriter writer = new LedgerWriter(store, LedgerJournal.open(dir, 1 << 20));
    writer.append(fullEvent("a")).join();
    writer.flushed().join();
    writer.close();
    assertThat(store.entries()).isEmpty();

    store.failWhen(batch -> false);
    LedgerJournal.recover(dir, store);

    assertThat(store.entries()).containsExactly(fullEvent("a"));
  }

  @Test
  void anIdleWritersFlushIsCompleteAtOnceAndQueuesNothing() {
    LedgerWriter writer = new LedgerWriter(store);
    try {
      writer.append(fullEvent("a")).join();

      assertThat(writer.flushed()).isCompleted();
      assertThat(writer.queued()).isZero();
    } finally {
      writer.close();
    }
  }

  @Test
  void withoutAJournalFlushedStillWaitsForEarlierAppends() throws Exception {
    LedgerWriter writer = new LedgerWriter(store);
    store.block();
    try {
      CompletableFuture<Void> appended = writer.append(fullEvent("a"));
      CompletableFuture<Void> flushed = writer.flushed();
      assertThat(appended).isNotDone();
      assertThat(flushed).isNotDone();
      store.release();
      flushed.get(5, TimeUnit.SECONDS);
      assertThat(appended).isCompleted();
    } finally {
      store.release();
      writer.close();
    }
  }

  @Test
  void aJournalInUseIsNotReplayedFromUnderItsWriter() throws IOException {
    LedgerJournal journal = LedgerJournal.open(dir, 1 << 20);
    journal.write(fullEvent("a"));

    LedgerJournal.Replay replay = LedgerJournal.recover(dir, store);

    assertThat(replay.entries()).isZero();
    assertThat(store.entries()).isEmpty();
    assertThat(journal.files()).hasSize(1);
    assertThatThrownBy(() -> LedgerJournal.open(dir, 1 << 20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in use");
    journal.committed(journal.write(fullEvent("b")));
    journal.close();
    assertThat(LedgerJournal.recover(dir, store).entries()).isEqualTo(2);
  }
}
