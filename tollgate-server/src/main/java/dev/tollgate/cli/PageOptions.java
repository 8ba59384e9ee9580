package dev.tollgate.cli;

import picocli.CommandLine.Option;

/** The paging options of a listing: page size, cursor, and whether to follow it to the end. */
final class PageOptions {

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "Items per page, 1 to 200 (default 50).")
  int limit;

  @Option(
      names = "--after",
      paramLabel = "ID",
      description = "Start after this id (the previous page's next_cursor).")
  String after;

  @Option(names = "--all", description = "Follow the cursor to the last page.")
  boolean all;
}
