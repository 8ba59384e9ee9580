package dev.tollgate.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

/**
 * The file the first start writes the admin key and the demo key to, readable by its owner only
 * ({@code 0600} on POSIX systems): the banner scrolls away, the file stays until the operator
 * deletes it.
 */
public final class InitialKeysFile {

  /** Its name in the data directory. */
  public static final String NAME = "initial-keys.txt";

  private InitialKeysFile() {}

  /**
   * Writes both secrets to {@value #NAME} in {@code dataDir}, created with owner-only permissions
   * before a byte is written, replacing an older one.
   *
   * @return the file
   * @throws UncheckedIOException if it cannot be written
   */
  public static Path write(Path dataDir, String adminSecret, String demoSecret, Instant at) {
    Path file = dataDir.resolve(NAME);
    String text =
        "# Tollgate keys created on first start, "
            + at
            + ". Shown once; only their hashes are stored.\n"
            + "# Keep them somewhere safe, then delete this file.\n"
            + "admin_key="
            + adminSecret
            + "\n"
            + "demo_key="
            + demoSecret
            + "\n";
    try {
      Files.deleteIfExists(file);
      create(file);
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system (Windows): the directory's ACL is what protects it there.
      try {
        Files.createFile(file);
      } catch (FileAlreadyExistsException ignored) {
        // Written just now by another start in the same directory; it is overwritten.
      }
    }
  }
}
