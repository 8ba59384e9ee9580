-- The V8 usage rollups without the end user: keyed by (bucket, key, user, team, project, service,
-- provider, model), and by tag too for tagged events. A report that neither groups nor filters by
-- end user reads these instead of the V8 tables. End users are the one dimension with tens of
-- thousands of values: in the 10-million-event ledger of docs/BENCHMARKS.md a day holds about
-- 43,000 V8 tuple rows and 2,100 rows here, so a month by team and day groups 64,000 rows instead
-- of 1.3 million. No end user appears here, so anonymising one changes nothing in these tables.
-- Hourly rows are purged with the other hourly rollups, an hour at a time. The rows are summed from the V8 rollups
-- already stored, in the same transaction as this migration (not from the raw events, which
-- retention may already have purged).

CREATE TABLE rollup_usage_hourly_no_end_user (
  hour_ms        INTEGER NOT NULL,
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
  PRIMARY KEY (hour_ms, "key", "user", team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

INSERT INTO rollup_usage_hourly_no_end_user (hour_ms, "key", "user", team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT hour_ms, "key", "user", team, project, service, provider, model, sum(cost_nanos), sum(tokens), sum(requests), sum(input), sum(cache_read), sum(cache_write_5m), sum(cache_write_1h), sum(output), sum(reasoning), sum(input_audio), sum(output_audio), sum(images), sum(web_searches), sum(tool_calls)
  FROM rollup_usage_hourly
  GROUP BY hour_ms, "key", "user", team, project, service, provider, model;

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

INSERT INTO rollup_usage_daily_no_end_user (day_ms, "key", "user", team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT day_ms, "key", "user", team, project, service, provider, model, sum(cost_nanos), sum(tokens), sum(requests), sum(input), sum(cache_read), sum(cache_write_5m), sum(cache_write_1h), sum(output), sum(reasoning), sum(input_audio), sum(output_audio), sum(images), sum(web_searches), sum(tool_calls)
  FROM rollup_usage_daily
  GROUP BY day_ms, "key", "user", team, project, service, provider, model;

CREATE TABLE rollup_usage_tags_hourly_no_end_user (
  hour_ms        INTEGER NOT NULL,
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
  PRIMARY KEY (hour_ms, tag, "key", "user", team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

INSERT INTO rollup_usage_tags_hourly_no_end_user (hour_ms, tag, "key", "user", team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT hour_ms, tag, "key", "user", team, project, service, provider, model, sum(cost_nanos), sum(tokens), sum(requests), sum(input), sum(cache_read), sum(cache_write_5m), sum(cache_write_1h), sum(output), sum(reasoning), sum(input_audio), sum(output_audio), sum(images), sum(web_searches), sum(tool_calls)
  FROM rollup_usage_tags_hourly
  GROUP BY hour_ms, tag, "key", "user", team, project, service, provider, model;

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

INSERT INTO rollup_usage_tags_daily_no_end_user (day_ms, tag, "key", "user", team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT day_ms, tag, "key", "user", team, project, service, provider, model, sum(cost_nanos), sum(tokens), sum(requests), sum(input), sum(cache_read), sum(cache_write_5m), sum(cache_write_1h), sum(output), sum(reasoning), sum(input_audio), sum(output_audio), sum(images), sum(web_searches), sum(tool_calls)
  FROM rollup_usage_tags_daily
  GROUP BY day_ms, tag, "key", "user", team, project, service, provider, model;

-- The retention purge deletes hourly rollups an hour at a time, oldest first. rollup_hourly's key
-- starts with the dimension, so finding its oldest hour or deleting one hour scanned the whole
-- table (5 million rows, 1.4 s at every start in the 10-million-event ledger); this index finds
-- both directly. The V8 and V12 tuple tables' keys already start with hour_ms. Rows are added to
-- it only when an hour first sees a dimension value, about one for every two events.
CREATE INDEX rollup_hourly_hour ON rollup_hourly (hour_ms);
