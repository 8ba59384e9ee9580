package dev.tollgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tollgate.catalog.PriceBook;
import dev.tollgate.pricing.CatalogReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports the real genai-prices file (in {@code ../shared/data} beside the repository, where CI has
 * it too) end to end: parsed, checked, written in Tollgate's format, read back and used.
 * Regression: models the feed lists without an output price (embeddings) or with no price at all
 * (free ones) used to be written without the input and output prices the catalog requires, so the
 * written file failed to read back and the import failed.
 */
class RealFeedImportTest {

  @TempDir Path dir;

  private static Optional<Path> feed() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data/genai-prices-v2.json");
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Test
  void theRealGenaiPricesFileImportsWritesReadsBackAndPricesAnEmbeddingModel() throws IOException {
    Optional<Path> feed = feed();
    assumeTrue(feed.isPresent(), "no shared/data/genai-prices-v2.json above the working directory");
    Cli cli = new Cli(dir);

    assertThat(cli.run("prices", "import", feed.get().toString())).as(cli.err()).isZero();

    Path imported = dir.resolve("tollgate-data").resolve(PriceBook.IMPORTED);
    assertThat(CatalogReader.read(imported).models()).hasSizeGreaterThan(1000);
    assertThat(cli.run("price", "--model", "text-embedding-3-small", "--input", "1000000"))
        .isZero();
    assertThat(cli.out()).contains("1,000,000 × $0.02 / 1M");
  }
}
