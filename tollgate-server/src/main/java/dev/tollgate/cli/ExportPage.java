package dev.tollgate.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tollgate.reports.Csv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of an admin export, {@code {"object":"list","columns":[…],"data":[…],"has_more":…,
 * "next_cursor":…}}, read with a streaming parser: each row is written out as soon as it is parsed,
 * so not even a page is held in memory.
 */
final class ExportPage {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFactory FACTORY = JSON.getFactory();

  private ExportPage() {}

  /** Where the rows go: CSV with one heading line, or one JSON array over every page. */
  interface Output {
    /** Called with the export's columns before the rows of each page. */
    void columns(List<String> columns);

    void row(JsonNode row);

    /** Called once after the last page. */
    void finish();
  }

  /** An output writing {@code format} ({@code csv} or {@code json}) to {@code out}. */
  static Output output(String format, Writer out) {
    return format.equals("csv") ? new CsvOutput(out) : new JsonOutput(out);
  }

  /**
   * Reads one page from {@code in} into {@code out}.
   *
   * @return the next page's cursor, or null after the last page
   * @throws CliException if the page is not in the envelope's shape
   */
  static String read(InputStream in, Output out) throws IOException {
    String next = null;
    boolean sawData = false;
    try (JsonParser p = FACTORY.createParser(in)) {
      p.setCodec(JSON);
      expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "columns" -> {
            List<String> columns = new ArrayList<>();
            JsonNode given = p.readValueAsTree();
            given.forEach(c -> columns.add(c.asText()));
            out.columns(columns);
          }
          case "data" -> {
            expect(value == JsonToken.START_ARRAY, "data is not an array");
            while (p.nextToken() == JsonToken.START_OBJECT) {
              JsonNode row = p.readValueAsTree();
              out.row(row);
            }
            sawData = true;
          }
          case "next_cursor" -> next = value == JsonToken.VALUE_STRING ? p.getText() : null;
          default -> p.skipChildren();
        }
      }
    }
    expect(sawData, "no data");
    return next;
  }

  private static void expect(boolean ok, String what) {
    if (!ok) {
      throw new CliException("the gateway's export page is malformed: " + what);
    }
  }

  private static final class CsvOutput implements Output {
    private final Writer out;
    private boolean headed;

    CsvOutput(Writer out) {
      this.out = out;
    }

    @Override
    public void columns(List<String> columns) {
      if (!headed) {
        write(out, Csv.line(columns));
        headed = true;
      }
    }

    @Override
    public void row(JsonNode row) {
      write(out, Csv.line(row));
    }

    @Override
    public void finish() {}
  }

  /** The same shape as the server's whole JSON export: an array, one row a line. */
  private static final class JsonOutput implements Output {
    private final Writer out;
    private boolean first = true;

    JsonOutput(Writer out) {
      this.out = out;
      write(out, "[");
    }

    @Override
    public void columns(List<String> columns) {}

    @Override
    public void row(JsonNode row) {
      write(out, (first ? "\n" : ",\n") + row);
      first = false;
    }

    @Override
    public void finish() {
      write(out, "\n]\n");
    }
  }

  private static void write(Writer out, String text) {
    try {
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
