-- The ledger: append-only usage events and budget adjustments, and the hourly and daily rollups
-- derived from the events in the same transaction (SqliteLedgerStore). Times are epoch
-- milliseconds UTC; money is whole nano-dollars; enums are stored by name.

CREATE TABLE ledger_events (
  id               TEXT    NOT NULL PRIMARY KEY, -- the request id
  time_ms          INTEGER NOT NULL,
  "key"            TEXT    NOT NULL,             -- the virtual key's id, "" if none
  "user"           TEXT    NOT NULL,
  end_user         TEXT    NOT NULL,
  team             TEXT    NOT NULL,
  project          TEXT    NOT NULL,
  service          TEXT    NOT NULL,
  provider         TEXT    NOT NULL,
  model_requested  TEXT    NOT NULL,
  model_used       TEXT    NOT NULL,
  input            INTEGER NOT NULL,             -- one column per UsageKind
  cache_read       INTEGER NOT NULL,
  cache_write_5m   INTEGER NOT NULL,
  cache_write_1h   INTEGER NOT NULL,
  output           INTEGER NOT NULL,
  reasoning        INTEGER NOT NULL,
  input_audio      INTEGER NOT NULL,
  output_audio     INTEGER NOT NULL,
  images           INTEGER NOT NULL,
  web_searches     INTEGER NOT NULL,
  tool_calls       INTEGER NOT NULL,
  raw_usage        TEXT    NOT NULL,             -- the provider's usage JSON, verbatim, or ""
  estimated_nanos  INTEGER NOT NULL,
  actual_nanos     INTEGER NOT NULL,
  cost_state       TEXT    NOT NULL,             -- EXACT | ESTIMATED | UNPRICED
  latency_ms       INTEGER NOT NULL,
  outcome          TEXT    NOT NULL,             -- SUCCESS | ERROR | CANCELLED | DENIED
  fallback_from    TEXT    NOT NULL,
  fallback_reason  TEXT    NOT NULL,
  origin           TEXT    NOT NULL              -- GATEWAY | EXTERNAL
) STRICT;

-- The only secondary index: totals() reads raw events for the partial hours at a range's edges.
-- Every further index costs each append; reports read the rollups.
CREATE INDEX ledger_events_time ON ledger_events (time_ms);

CREATE TABLE ledger_event_tags (
  event_id TEXT NOT NULL,
  tag      TEXT NOT NULL,
  PRIMARY KEY (event_id, tag)
) STRICT, WITHOUT ROWID;

CREATE TABLE ledger_adjustments (
  id              TEXT    NOT NULL PRIMARY KEY,
  time_ms         INTEGER NOT NULL,
  budget_id       TEXT    NOT NULL,
  period_start_ms INTEGER NOT NULL,
  kind            TEXT    NOT NULL,              -- SET_REMAINING | RESET_PERIOD | EMERGENCY_OVERRIDE
  delta           INTEGER NOT NULL,              -- in the budget's unit
  actor           TEXT    NOT NULL,
  reason          TEXT    NOT NULL
) STRICT;

CREATE INDEX ledger_adjustments_period ON ledger_adjustments (budget_id, period_start_ms, time_ms);

-- Sums of the events per UTC hour (day), dimension and value; dimension is a Dimension name and
-- value "" for GLOBAL. The key is (bucket, dimension, value), ordered dimension first so that
-- the totals of one value over a range are one contiguous range of the primary key.
-- tokens is every token of every kind (UsageEvent.totalTokens); the kind columns split it, plus
-- the per-unit kinds (images, web searches, tool calls).
CREATE TABLE rollup_hourly (
  hour_ms        INTEGER NOT NULL,
  dimension      TEXT    NOT NULL,
  value          TEXT    NOT NULL,
  provider       TEXT    NOT NULL,             -- so a scope's spend splits by provider
  cost_nanos     INTEGER NOT NULL,
  tokens         INTEGER NOT NULL,
  requests       INTEGER NOT NULL,
  input          INTEGER NOT NULL,
  cache_read     INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  output         INTEGER NOT NULL,
  reasoning      INTEGER NOT NULL,
  input_audio    INTEGER NOT NULL,
  output_audio   INTEGER NOT NULL,
  images         INTEGER NOT NULL,
  web_searches   INTEGER NOT NULL,
  tool_calls     INTEGER NOT NULL,
  PRIMARY KEY (dimension, value, hour_ms, provider)
) STRICT, WITHOUT ROWID;

CREATE TABLE rollup_daily (
  day_ms         INTEGER NOT NULL,
  dimension      TEXT    NOT NULL,
  value          TEXT    NOT NULL,
  provider       TEXT    NOT NULL,             -- so a scope's spend splits by provider
  cost_nanos     INTEGER NOT NULL,
  tokens         INTEGER NOT NULL,
  requests       INTEGER NOT NULL,
  input          INTEGER NOT NULL,
  cache_read     INTEGER NOT NULL,
  cache_write_5m INTEGER NOT NULL,
  cache_write_1h INTEGER NOT NULL,
  output         INTEGER NOT NULL,
  reasoning      INTEGER NOT NULL,
  input_audio    INTEGER NOT NULL,
  output_audio   INTEGER NOT NULL,
  images         INTEGER NOT NULL,
  web_searches   INTEGER NOT NULL,
  tool_calls     INTEGER NOT NULL,
  PRIMARY KEY (dimension, value, day_ms, provider)
) STRICT, WITHOUT ROWID;
