package dev.tollgate.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/** Reads the records of one {@link LedgerJournal} segment, up to the first torn or corrupt one. */
final class JournalReader {

  private JournalReader() {}

  /**
   * The entries of {@code segment}, in the order they were written, and what ended the reading
   * early, if anything.
   */
  record Contents(List<LedgerEntry> entries, String problem) {}

  /** Reads {@code segment}. */
  static Contents read(Path segment) throws IOException {
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<LedgerEntry> entries = new ArrayList<>();
    while (in.remaining() > 0) {
      int at = in.position();
      String problem = next(in, entries);
      if (problem != null) {
        // Only the last write of a killed process (or a power cut) can be torn; nothing after it
        // was written, and no client was answered for it.
        return new Contents(
            entries,
            segment.getFileName()
                + ": "
                + problem
                + " at byte "
                + at
                + "; the "
                + entries.size()
                + " entries before it are replayed");
      }
    }
    return new Contents(entries, null);
  }

  private static String next(ByteBuffer in, List<LedgerEntry> entries) {
    if (in.remaining() < 8) {
      return "a torn record header";
    }
    int length = in.getInt();
    int crc = in.getInt();
    if (length < 0 || length > in.remaining()) {
      return "a torn record (" + length + " bytes announced, " + in.remaining() + " left)";
    }
    byte[] body = new byte[length];
    in.get(body);
    CRC32C check = new CRC32C();
    check.update(body);
    if ((int) check.getValue() != crc) {
      return "a record whose checksum does not match";
    }
    try {
      entries.add(JournalCodec.decode(body));
      return null;
    } catch (IOException e) {
      return "an unreadable record (" + e.getMessage() + ")";
    }
  }
}
