-- The V8 daily usage rollups without the end user, keyed by (day, key, user, team, project,
-- service, provider, model), and by tag too for tagged events. A report that neither groups nor
-- filters by end user reads these for the days they hold. End users are the one dimension with
-- tens of thousands of values: in the 10-million-event ledger of docs/BENCHMARKS.md a day holds
-- about 43,000 V8 tuple rows and 2,100 rows here, so a month by team and model groups 64,000 rows
-- instead of 1.3 million (1.4 s -> about 60 ms).
--
-- They are folded from the V8 daily rows once a day is over, not summed on every append: kept on
-- every append they cost the ledger writer about 40% of its throughput. rollup_folded_until holds
-- the first day not folded yet: every day before it is here in full (an event appended late for
-- such a day is added here too, by the append), and reports read the V8 rows from it on. No end
-- user appears here, so anonymising one changes nothing in these tables. Daily rows are never
-- purged. Nothing is folded by this migration: the gateway's daily maintenance folds the days
-- (in one transaction per day) beside the traffic.

CREATE TABLE rollup_usage_daily_no_end_user (
  day_ms         INTEGER NOT NULL,
  "key"          TEXT    NOT NULL,
  "user"         TEXT    NOT NULL,
  team           TEXT    NOT NULL,
  project        TEXT    NOT NULL,
  service        TEXT    NOT NULL,
  provider       TEXT    NOT NULL,
  model          TEXT    NOT NULL,
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
  PRIMARY KEY (day_ms, "key", "user", team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

CREATE TABLE rollup_usage_tags_daily_no_end_user (
  day_ms         INTEGER NOT NULL,
  tag            TEXT    NOT NULL,
  "key"          TEXT    NOT NULL,
  "user"         TEXT    NOT NULL,
  team           TEXT    NOT NULL,
  project        TEXT    NOT NULL,
  service        TEXT    NOT NULL,
  provider       TEXT    NOT NULL,
  model          TEXT    NOT NULL,
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
  PRIMARY KEY (day_ms, tag, "key", "user", team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

CREATE TABLE rollup_folded_until (
  day_ms INTEGER NOT NULL              -- epoch ms of a UTC midnight
) STRICT;

INSERT INTO rollup_folded_until (day_ms) VALUES (0);

-- The retention purge deletes hourly rollups an hour at a time, oldest first. rollup_hourly's key
-- starts with the dimension, so finding its oldest hour or deleting one hour scanned the whole
-- table (5 million rows, 1.4 s at every start in the 10-million-event ledger); this index finds
-- both directly. The V8 tuple tables' keys already start with hour_ms. Rows are added to it only
-- when an hour first sees a dimension value, about one for every two events.
CREATE INDEX rollup_hourly_hour ON rollup_hourly (hour_ms);
