-- The response cache: a request answered from it is a ledger event with outcome 'CACHE_HIT',
-- actual_nanos 0 and the cost of the original answer in saved_nanos (0 for every other event).
-- A hit is not billable, so the rollups (billable events only) leave it out; what the cache
-- saved is read from the events: SELECT SUM(saved_nanos) FROM ledger_events
-- WHERE outcome = 'CACHE_HIT' AND time_ms BETWEEN ? AND ?; the index below serves that query.

ALTER TABLE ledger_events ADD COLUMN saved_nanos INTEGER NOT NULL DEFAULT 0;

CREATE INDEX ledger_events_cache_hits ON ledger_events (outcome, time_ms)
  WHERE outcome = 'CACHE_HIT';
