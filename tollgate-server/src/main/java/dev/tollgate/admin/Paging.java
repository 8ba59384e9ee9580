package dev.tollgate.admin;

/** The query parameters of a listing: a bounded page size, and other bounded whole numbers. */
final class Paging {

  /** Items per page when the request does not say. */
  static final int DEFAULT_PAGE = 50;

  /** The most items one page holds. */
  static final int MAX_PAGE = 200;

  private Paging() {}

  /**
   * The {@code limit} query parameter: 1 to {@value #MAX_PAGE}, {@value #DEFAULT_PAGE} if absent.
   */
  static int limit(AdminRequest r) {
    return number(r, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
  }

  /**
   * The whole-number query parameter {@code name}, {@code fallback} when absent.
   *
   * @throws AdminException 400 naming {@code name} when it is not a number from min to max
   */
  static int number(AdminRequest r, String name, int fallback, int min, int max) {
    String given = r.query().get(name);
    if (given == null) {
      return fallback;
    }
    int n;
    try {
      n = Integer.parseInt(given.strip());
    } catch (NumberFormatException e) {
      n = min - 1;
    }
    if (n < min || n > max) {
      throw AdminException.invalid(name, "must be a whole number from " + min + " to " + max);
    }
    return n;
  }
}
