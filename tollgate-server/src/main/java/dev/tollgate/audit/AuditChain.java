package dev.tollgate.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The audit log's hash chain. A row's hash is the SHA-256 of its canonical encoding: every field,
 * the previous row's hash included, as {@code <length>:<UTF-8 text>} in column order, a null as
 * {@code -1:}. Length prefixes make the encoding unambiguous, so no two different rows encode
 * alike.
 */
public final class AuditChain {

  /** The previous hash of the first row. */
  public static final String GENESIS = "0".repeat(64);

  /** Rows read per query while verifying: bounded memory whatever the log's length. */
  static final int BATCH = 500;

  private AuditChain() {}

  /** What verifying found: how many rows were checked and the first broken one, if any. */
  public record Verification(long rows, String lastHash, Optional<Broken> broken) {

    /** Whether every row is intact and linked. */
    public boolean ok() {
      return broken.isEmpty();
    }
  }

  /** The first row that does not verify, and why. */
  public record Broken(long seq, String reason) {}

  /** The hash of a row with these fields. */
  public static String hash(
      long seq,
      String at,
      String actor,
      String role,
      String remote,
      String action,
      String target,
      String before,
      String after,
      String prevHash) {
    StringBuilder b = new StringBuilder();
    for (String f :
        new String[] {
          Long.toString(seq), at, actor, role, remote, action, target, before, after, prevHash
        }) {
      if (f == null) {
        b.append("-1:");
      } else {
        b.append(f.getBytes(StandardCharsets.UTF_8).length).append(':').append(f);
      }
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(b.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** The hash {@code e} should have, given its own fields. */
  static String expected(AuditEntry e) {
    return hash(
        e.seq(),
        e.at(),
        e.actor(),
        e.role(),
        e.remote(),
        e.action(),
        e.target(),
        e.before(),
        e.after(),
        e.prevHash());
  }

  /**
   * Walks the whole log in order: seqs 1, 2, 3… without a gap, each row's previous hash equal to
   * the row before's hash, and each hash equal to its recomputation. Stops at the first failure.
   */
  public static Verification verify(AuditStore store) {
    long expectedSeq = 1;
    String prev = GENESIS;
    while (true) {
      List<AuditEntry> batch = store.page(expectedSeq - 1, BATCH);
      for (AuditEntry e : batch) {
        Optional<String> problem = check(e, expectedSeq, prev);
        if (problem.isPresent()) {
          return new Verification(
              expectedSeq - 1, prev, Optional.of(new Broken(e.seq(), problem.get())));
        }
        prev = e.hash();
        expectedSeq++;
      }
      if (batch.size() < BATCH) {
        return new Verification(expectedSeq - 1, prev, Optional.empty());
      }
    }
  }

  private static Optional<String> check(AuditEntry e, long expectedSeq, String prev) {
    if (e.seq() != expectedSeq) {
      return Optional.of("expected row " + expectedSeq + " next: rows are missing");
    }
    if (!e.prevHash().equals(prev)) {
      return Optional.of("its prev_hash does not match the hash of the row before");
    }
    if (!MessageDigest.isEqual(
        expected(e).getBytes(StandardCharsets.US_ASCII),
        e.hash().getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("its content does not match its hash: the row was changed");
    }
    return Optional.empty();
  }
}
