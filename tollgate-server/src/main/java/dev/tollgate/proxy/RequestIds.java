package dev.tollgate.proxy;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * New request ids: time-ordered version-7 UUIDs (RFC 9562): the request's start in epoch
 * milliseconds in the first 48 bits, then 74 random bits, each thread drawing from its own
 * generator seeded once from {@link SecureRandom}.
 *
 * <p>Why time-ordered: an id is the ledger event's primary key, and SQLite keeps that key in a
 * B-tree. Random (version-4) ids landed on a random leaf of it each, so once the index outgrew
 * SQLite's page cache every append read a leaf back from the file and every commit rewrote about
 * one 4 KiB page per event into the WAL: at saturation the ledger writer spent 16% of its samples
 * in {@code pread} and 19% in {@code pwrite} ({@code perf record} of that thread,
 * docs/BENCHMARKS.md, fifth pass). Ids that grow with time append at the right edge of the tree, in
 * pages already cached. Their first 48 bits say when the request started, which is no secret: the
 * ledger and the response headers say so too.
 *
 * <p>Why per thread: {@link UUID#randomUUID()} draws every id from one shared {@code SecureRandom}
 * under its lock; at saturation the two event loops queued on it 122 times in 20 s, 0.8 ms at the
 * median (JFR). An id must be unique, not secret, so a seeded generator serves.
 */
final class RequestIds {

  private static final SecureRandom SEEDS = new SecureRandom();

  private static final ThreadLocal<SplittableRandom> RANDOM =
      ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));

  private RequestIds() {}

  /**
   * A new id for a request started at {@code epochMillis}, in the form {@code UUID.toString} gives.
   * Ids of later milliseconds sort after earlier ones, as strings too (fixed-width lower-case hex);
   * within one millisecond their order is random.
   */
  static String next(long epochMillis) {
    SplittableRandom random = RANDOM.get();
    long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL); // version 7
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L; // IETF
    return new UUID(high, low).toString();
  }
}
