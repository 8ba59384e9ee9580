package dev.tollgate.ledger;

import java.time.Instant;

/** One append-only entry of the ledger: a usage event or a manual adjustment of a budget. */
public sealed interface LedgerEntry permits UsageEvent, Adjustment {

  /** A unique id: the request id of a usage event, the adjustment's own id otherwise. */
  String id();

  /** When it happened. */
  Instant time();
}
