package dev.tollgate.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The ledger's write-ahead journal (ADR 0007): an entry is written here, with one {@code write} and
 * no fsync, before the answer it belongs to is sent; the {@link LedgerWriter} commits it to the
 * store afterwards. Once {@link #write} returns, the record is in the kernel's page cache, so it
 * survives the process being killed; a power cut can lose what the writer had not yet committed
 * (the store's own commit is fsynced).
 *
 * <p>Records go to numbered segment files in one directory, a chain of them for each thread that
 * writes (each event loop): a {@code write} that stalls in the kernel, behind the store's fsync on
 * the same file system, then holds up only its own thread. With one file shared by the two event
 * loops, a loop waited for the other's write 1,293 times in a 20 s run at saturation, 87 µs at the
 * median, 1.5 ms at p90, 11 ms at most (JFR, docs/BENCHMARKS.md). A segment is sealed when it
 * passes {@code segmentBytes} and deleted once every record in it is committed. {@link #recover}
 * replays whatever segments a crash left, before the gateway serves. A record is a length, a
 * CRC-32C and the {@link JournalCodec} bytes; a torn or corrupt record ends its segment's replay
 * (only the last write of a killed process can be torn, and no answer was sent for it).
 *
 * <p>Thread-safe: any thread may {@link #write}; the writer thread calls {@link #committed}. A
 * thread's chain is locked only by that thread and the writer thread.
 */
public final class LedgerJournal implements AutoCloseable {

  /** Segment size at which a new one is started: 16 MiB, about 40,000 events. */
  public static final long DEFAULT_SEGMENT_BYTES = 16L << 20;

  private static final String PREFIX = "segment-";
  private static final String SUFFIX = ".journal";

  private static final String LOCK = "journal.lock";

  /** A record's header: the body's length and its CRC-32C, four bytes each. */
  private static final int HEADER = 8;

  private final Path dir;
  private final long segmentBytes;
  private final FileLock lock;
  private final AtomicLong lastId;
  private final Map<Thread, Lane> lanes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** One writing thread's chain of segments; its monitor guards them. */
  private static final class Lane {
    private Segment current;
  }

  /** One segment file: how many records were written to it and how many are committed. */
  public static final class Segment {
    private final Path path;
    private final Lane lane;
    private final FileChannel channel;
    private long bytes;
    private long written;
    private long committed;
    private boolean sealed;

    private Segment(Path path, Lane lane) throws IOException {
      this.path = path;
      this.lane = lane;
      this.channel =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
    }
  }

  private LedgerJournal(Path dir, long segmentBytes, FileLock lock) throws IOException {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
    this.lock = lock;
    this.lastId = new AtomicLong(nextId(dir) - 1);
  }

  /**
   * Opens a journal in {@code dir} (created if missing) and holds its lock until {@link #close}.
   * Replay what is there with {@link #recover} first: a new journal starts a new segment and leaves
   * older ones alone.
   *
   * @throws IllegalStateException if another process (or journal) holds the lock
   */
  public static LedgerJournal open(Path dir, long segmentBytes) {
    if (segmentBytes < 1) {
      throw new IllegalArgumentException("segmentBytes must be positive: " + segmentBytes);
    }
    try {
      Files.createDirectories(dir);
      FileLock lock = lock(dir);
      if (lock == null) {
        throw new IllegalStateException(
            "the ledger journal in " + dir + " is in use by another gateway on the same data");
      }
      return new LedgerJournal(dir, segmentBytes, lock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the ledger journal in " + dir, e);
    }
  }

  /**
   * Appends every record of the segments in {@code dir} to {@code store} (idempotent: an entry
   * already in the ledger is skipped), oldest segment first, then deletes them. Does nothing while
   * another process holds the journal: a one-shot command must not take a running gateway's.
   *
   * @return how many entries the segments held, and what was torn or unreadable in them
   */
  public static Replay recover(Path dir, LedgerStore store) {
    List<String> problems = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return new Replay(0, problems);
    }
    long replayed = 0;
    FileLock lock = null;
    try {
      lock = lock(dir);
      if (lock == null) {
        // A running gateway's journal: it commits it itself.
        return new Replay(0, List.of());
      }
      for (Path segment : segments(dir)) {
        JournalReader.Contents contents = JournalReader.read(segment);
        if (contents.problem() != null) {
          problems.add(contents.problem());
        }
        List<LedgerEntry> entries = contents.entries();
        for (int from = 0; from < entries.size(); from += LedgerWriter.DEFAULT_MAX_BATCH) {
          store.append(
              entries.subList(
                  from, Math.min(entries.size(), from + LedgerWriter.DEFAULT_MAX_BATCH)));
        }
        replayed += entries.size();
        Files.delete(segment);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot replay the ledger journal in " + dir, e);
    } finally {
      unlock(lock);
    }
    return new Replay(replayed, List.copyOf(problems));
  }

  /**
   * What {@link #recover} did.
   *
   * @param entries entries read from the segments and appended (those already in the ledger are
   *     skipped by the store)
   * @param problems one line per segment whose end was torn or unreadable, for the log
   */
  public record Replay(long entries, List<String> problems) {}

  /**
   * Writes {@code entry} to the calling thread's current segment with one {@code write}.
   *
   * @return the segment it went to, for {@link #committed}
   * @throws IOException if the file system refused it (the entry is then not journaled)
   */
  public Segment write(LedgerEntry entry) throws IOException {
    byte[] bytes = JournalCodec.encode(entry, HEADER);
    int length = bytes.length - HEADER;
    CRC32C crc = new CRC32C();
    crc.update(bytes, HEADER, length);
    ByteBuffer record = ByteBuffer.wrap(bytes).putInt(0, length).putInt(4, (int) crc.getValue());
    Lane lane = lanes.computeIfAbsent(Thread.currentThread(), t -> new Lane());
    synchronized (lane) {
      if (closed) {
        throw new IOException("the ledger journal is closed");
      }
      if (lane.current == null) {
        lane.current = new Segment(dir.resolve(name(lastId.incrementAndGet())), lane);
      } else if (lane.current.bytes >= segmentBytes) {
        rotate(lane);
      }
      Segment current = lane.current;
      while (record.hasRemaining()) {
        current.channel.write(record);
      }
      current.bytes += record.limit();
      current.written++;
      return current;
    }
  }

  /**
   * Records that one entry written to {@code segment} is now in the store, or will never be
   * (dropped); a sealed segment whose every entry is committed is deleted.
   */
  public void committed(Segment segment) {
    committed(segment, 1);
  }

  /** As {@link #committed(Segment)} for {@code entries} entries of {@code segment} at once. */
  public void committed(Segment segment, int entries) {
    synchronized (segment.lane) {
      segment.committed += entries;
      if (segment.sealed) {
        deleteIfDone(segment);
      }
    }
  }

  /** The segment files in this journal's directory, oldest first (for tests and diagnostics). */
  public List<Path> files() {
    try {
      return segments(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Closes the current segment and deletes it if every entry in it is committed; a segment with
   * entries the store never took stays, for {@link #recover} at the next start. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    // Set first: a write that takes its lane's lock after this sees it and fails.
    closed = true;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        if (lane.current != null) {
          lane.current.sealed = true;
          deleteIfDone(lane.current);
        }
      }
    }
    unlock(lock);
  }

  /** Lets go of the files as a killed process would: nothing sealed or deleted. For tests. */
  void abandon() {
    closed = true;
    for (Lane lane : lanes.values()) {
      synchronized (lane) {
        if (lane.current != null) {
          closeQuietly(lane.current);
        }
      }
    }
    unlock(lock);
  }

  private static void unlock(FileLock lock) {
    if (lock == null) {
      return;
    }
    try {
      lock.release();
      lock.channel().close();
    } catch (IOException e) {
      // The lock goes with the process anyway.
    }
  }

  /** The journal's lock, or null when another process or journal holds it. */
  private static FileLock lock(Path dir) throws IOException {
    FileChannel channel =
        FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        channel.close();
      }
      return lock;
    } catch (OverlappingFileLockException e) {
      channel.close();
      return null;
    }
  }

  /** Seals {@code lane}'s current segment and starts its next; under the lane's lock. */
  private void rotate(Lane lane) throws IOException {
    Segment sealed = lane.current;
    sealed.sealed = true;
    lane.current = new Segment(dir.resolve(name(lastId.incrementAndGet())), lane);
    deleteIfDone(sealed);
  }

  /** Closes a sealed {@code segment}, and deletes it once every entry in it is committed. */
  private static void deleteIfDone(Segment segment) {
    closeQuietly(segment);
    if (segment.committed < segment.written) {
      return;
    }
    try {
      Files.deleteIfExists(segment.path);
    } catch (IOException e) {
      // Left behind, it is replayed at the next start: appends are idempotent, so no harm.
    }
  }

  private static void closeQuietly(Segment segment) {
    try {
      segment.channel.close();
    } catch (IOException e) {
      // Nothing was buffered in Java: every write went straight to the kernel.
    }
  }

  private static long nextId(Path dir) throws IOException {
    long last = 0;
    for (Path p : segments(dir)) {
      String n = p.getFileName().toString();
      last =
          Math.max(
              last, Long.parseLong(n.substring(PREFIX.length(), n.length() - SUFFIX.length())));
    }
    return last + 1;
  }

  private static String name(long id) {
    return PREFIX + String.format("%019d", id) + SUFFIX;
  }

  private static List<Path> segments(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> list = new ArrayList<>();
      files
          .filter(p -> p.getFileName().toString().matches(PREFIX + "\\d{19}" + SUFFIX))
          .sorted()
          .forEach(list::add);
      return list;
    }
  }
}
