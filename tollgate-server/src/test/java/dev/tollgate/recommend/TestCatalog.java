package dev.tollgate.recommend;

import dev.tollgate.pricing.Catalog;
import dev.tollgate.pricing.CatalogFile;
import dev.tollgate.pricing.CatalogReader;

/** Small catalogs with round prices, so that a test can work a saving out by hand. */
final class TestCatalog {

  /**
   * Provider {@code acme}: {@code big} ($10 in, $30 out, $1 cache read, $12.50 cache write per
   * million; tools and vision; 100,000 tokens of context); {@code small} ($1/$2, tools and vision);
   * {@code blind} ($0.10/$0.20, tools only); {@code narrow} ($0.50/$1, tools and vision, 2,000
   * tokens of context); {@code nocache} ($10/$30, no cache price); {@code plain} ($5/$5, no stated
   * capability); {@code embed} ($0.01 in, no output price). Provider {@code other}: {@code
   * cheapest} ($0.01/$0.01, tools and vision). Provider {@code ollama} is local.
   */
  static final String ACME =
      """
      format: tollgate-catalog/1
      providers:
        - id: acme
          models:
            - id: big
              context_window: 100000
              max_output_tokens: 4096
              capabilities: [tools, vision]
              prices:
                - {input: 10, output: 30, cache_read: 1, cache_write_5m: 12.5}
            - id: small
              context_window: 100000
              capabilities: [tools, vision]
              prices:
                - {input: 1, output: 2}
            - id: blind
              context_window: 100000
              capabilities: [tools]
              prices:
                - {input: 0.1, output: 0.2}
            - id: narrow
              context_window: 2000
              capabilities: [tools, vision]
              prices:
                - {input: 0.5, output: 1}
            - id: nocache
              capabilities: [tools, vision]
              prices:
                - {input: 10, output: 30}
            - id: plain
              prices:
                - {input: 5, output: 5}
            - id: embed
              prices:
                - {input: 0.01, output: 0}
        - id: other
          models:
            - id: cheapest
              capabilities: [tools, vision]
              prices:
                - {input: 0.01, output: 0.01}
        - id: ollama
          local: true
          models:
            - id: llama3.1
              prices:
                - {input: 0, output: 0}
      """;

  private TestCatalog() {}

  static Catalog of(String yaml) {
    CatalogFile file = CatalogReader.read("test.yaml", yaml);
    return Catalog.of(file.models(), file.localProviders());
  }

  static Catalog acme() {
    return of(ACME);
  }
}
