package dev.tollgate.ledger;

import java.util.List;

/**
 * The dimensions spend is attributed along. Budgets are scoped by one dimension and a value ({@code
 * team = payments}); reports group by any mix of them.
 */
public enum Dimension {
  /** Everything: the organisation. Its only value is "". */
  GLOBAL,
  TEAM,
  PROJECT,
  USER,
  END_USER,
  KEY,
  SERVICE,
  /** Multi-valued: an event counts once under each of its tags. */
  TAG,
  PROVIDER,
  /** The catalog model that served the request. */
  MODEL;

  /** The event's values along this dimension: none if it has none ("" is no value). */
  public List<String> valuesOf(UsageEvent e) {
    Attribution a = e.who();
    return switch (this) {
      case GLOBAL -> List.of("");
      case TEAM -> one(a.team());
      case PROJECT -> one(a.project());
      case USER -> one(a.user());
      case END_USER -> one(a.endUser());
      case KEY -> one(a.virtualKey());
      case SERVICE -> one(a.service());
      case TAG -> a.tags();
      case PROVIDER -> one(e.provider());
      case MODEL -> one(e.modelUsed());
    };
  }

  private static List<String> one(String value) {
    return value.isEmpty() ? List.of() : List.of(value);
  }
}
