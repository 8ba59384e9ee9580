package dev.tollgate.ledger;

import dev.tollgate.money.Money;
import dev.tollgate.usage.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The journal's encoding of one {@link LedgerEntry}: a version byte, a kind byte, then every field
 * of the record in declaration order (strings as a length and UTF-8, amounts as whole nano-dollars,
 * instants as epoch seconds and nanos, enums by name). Lossless: {@code decode(encode(e))} equals
 * {@code e}. A change to a record's fields needs a new version here, and decode must keep reading
 * the old one: a journal written before an upgrade is replayed after it.
 */
final class JournalCodec {

  private static final byte VERSION = 1;
  private static final byte USAGE_EVENT = 1;
  private static final byte ADJUSTMENT = 2;

  private JournalCodec() {}

  /** The bytes of {@code entry}. */
  static byte[] encode(LedgerEntry entry) {
    return encode(entry, 0);
  }

  /**
   * The bytes of {@code entry} after {@code headroom} zero bytes, which the caller fills (the
   * journal's record header), so the record is built in one array rather than copied into another.
   */
  static byte[] encode(LedgerEntry entry, int headroom) {
    Bytes bytes = new Bytes(512, headroom);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      switch (entry) {
        case UsageEvent e -> {
          out.writeByte(USAGE_EVENT);
          usageEvent(out, e);
        }
        case Adjustment a -> {
          out.writeByte(ADJUSTMENT);
          adjustment(out, a);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail to be written", e);
    }
    return bytes.toByteArray();
  }

  /**
   * The entry {@code bytes} encode.
   *
   * @throws IOException if they are not an entry of a known version
   */
  static LedgerEntry decode(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte version = in.readByte();
    if (version != VERSION) {
      throw new IOException("journal record of unknown version " + version);
    }
    byte kind = in.readByte();
    return switch (kind) {
      case USAGE_EVENT -> usageEvent(in);
      case ADJUSTMENT -> adjustment(in);
      default -> throw new IOException("journal record of unknown kind " + kind);
    };
  }

  private static void usageEvent(DataOutputStream out, UsageEvent e) throws IOException {
    string(out, e.id());
    instant(out, e.time());
    Attribution who = e.who();
    for (String s :
        List.of(who.virtualKey(), who.user(), who.endUser(), who.team(), who.project())) {
      string(out, s);
    }
    string(out, who.service());
    out.writeInt(who.tags().size());
    for (String tag : who.tags()) {
      string(out, tag);
    }
    string(out, e.provider());
    string(out, e.modelRequested());
    string(out, e.modelUsed());
    usage(out, e.usage());
    out.writeLong(e.estimatedCost().nanos());
    out.writeLong(e.actualCost().nanos());
    string(out, e.costState().name());
    out.writeLong(e.latencyMillis());
    string(out, e.outcome().name());
    nullable(out, e.fallbackFrom());
    nullable(out, e.fallbackReason());
    string(out, e.origin().name());
    out.writeLong(e.savedCost().nanos());
    string(out, e.prefix().fingerprint());
    out.writeLong(e.prefix().tokens());
  }

  private static UsageEvent usageEvent(DataInputStream in) throws IOException {
    String id = string(in);
    Instant time = instant(in);
    String[] who = new String[6];
    for (int i = 0; i < who.length; i++) {
      who[i] = string(in);
    }
    int tagCount = in.readInt();
    List<String> tags = new ArrayList<>(tagCount);
    for (int i = 0; i < tagCount; i++) {
      tags.add(string(in));
    }
    try {
      return new UsageEvent(
          id,
          time,
          new Attribution(who[0], who[1], who[2], who[3], who[4], who[5], tags),
          string(in),
          string(in),
          string(in),
          usage(in),
          Money.ofNanos(in.readLong()),
          Money.ofNanos(in.readLong()),
          UsageEvent.CostState.valueOf(string(in)),
          in.readLong(),
          UsageEvent.Outcome.valueOf(string(in)),
          nullable(in),
          nullable(in),
          UsageEvent.Origin.valueOf(string(in)),
          Money.ofNanos(in.readLong()),
          new PromptPrefix(string(in), in.readLong()));
    } catch (IllegalArgumentException e) {
      throw new IOException("journal record " + id + " is not a usage event: " + e.getMessage(), e);
    }
  }

  private static void adjustment(DataOutputStream out, Adjustment a) throws IOException {
    string(out, a.id());
    instant(out, a.time());
    string(out, a.budgetId());
    instant(out, a.periodStart());
    string(out, a.kind().name());
    out.writeLong(a.delta());
    string(out, a.actor());
    string(out, a.reason());
  }

  private static Adjustment adjustment(DataInputStream in) throws IOException {
    try {
      return new Adjustment(
          string(in),
          instant(in),
          string(in),
          instant(in),
          Adjustment.Kind.valueOf(string(in)),
          in.readLong(),
          string(in),
          string(in));
    } catch (IllegalArgumentException e) {
      throw new IOException("journal record is not an adjustment: " + e.getMessage(), e);
    }
  }

  private static void usage(DataOutputStream out, Usage u) throws IOException {
    for (long n :
        new long[] {
          u.inputTokens(), u.cacheReadTokens(), u.cacheWrite5mTokens(), u.cacheWrite1hTokens(),
          u.outputTokens(), u.reasoningTokens(), u.inputAudioTokens(), u.outputAudioTokens(),
          u.images(), u.webSearches(), u.toolCalls()
        }) {
      out.writeLong(n);
    }
    string(out, u.raw());
  }

  private static Usage usage(DataInputStream in) throws IOException {
    long[] n = new long[11];
    for (int i = 0; i < n.length; i++) {
      n[i] = in.readLong();
    }
    return new Usage(n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9], n[10], string(in));
  }

  private static void instant(DataOutputStream out, Instant t) throws IOException {
    out.writeLong(t.getEpochSecond());
    out.writeInt(t.getNano());
  }

  private static Instant instant(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }

  private static void nullable(DataOutputStream out, String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      string(out, s);
    }
  }

  private static String nullable(DataInputStream in) throws IOException {
    return in.readBoolean() ? string(in) : null;
  }

  private static void string(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  /**
   * A {@link ByteArrayOutputStream} without its lock, confined to one {@code encode} call. The
   * stream's {@code write} methods are synchronized, and a record is some forty writes: in a JFR
   * profile at saturation the encoding of strings showed 2.8% of the event loops' samples, almost
   * all of them in {@code write} and {@code ensureCapacity} (docs/BENCHMARKS.md, fifth pass).
   */
  private static final class Bytes extends ByteArrayOutputStream {

    /** An array of {@code capacity} bytes, the first {@code headroom} of them already written. */
    Bytes(int capacity, int headroom) {
      super(Math.max(capacity, headroom));
      count = headroom;
    }

    @Override
    public void write(int b) {
      room(1);
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      room(len);
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    private void room(int more) {
      if (count + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
      }
    }
  }

  private static String string(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("journal record with a string of " + length + " bytes");
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }
}
