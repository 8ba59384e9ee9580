package dev.tollgate.admin;

/**
 * Bounded whole-number query parameters ({@code periods}, {@code months}); page sizes are {@link
 * Pages}'.
 */
final class Paging {

  private Paging() {}

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
