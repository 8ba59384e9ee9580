-- Usage rollups keyed by the whole attribution tuple, so that a report grouped by any mix of
-- key, user, end user, team, project, service, provider and model (and the hour, day, week or
-- month) is a GROUP BY over rollup rows, never a scan of raw events. The V2 rollups are keyed by
-- one dimension and value: they answer budgets (one scope) but not "model x team".
-- Tags are multi-valued, so they have their own tables keyed by (bucket, tag, tuple): an event
-- counts once under each of its tags there, and not at all if it has none.
-- Hourly rows are purged after retention.hourly_rollups_months; daily rows are kept, and week and
-- month buckets are folded from them (UTC). Only billable events are summed, as in V2. The rows
-- are filled from the events already stored, in the same transaction as this migration.

CREATE TABLE rollup_usage_hourly (
  hour_ms        INTEGER NOT NULL,
  "key"          TEXT    NOT NULL,
  "user"         TEXT    NOT NULL,
  end_user       TEXT    NOT NULL,
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
  PRIMARY KEY (hour_ms, "key", "user", end_user, team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

INSERT INTO rollup_usage_hourly (hour_ms, "key", "user", end_user, team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT (e.time_ms / 3600000) * 3600000, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used,
    sum(e.actual_nanos), sum(e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio), count(*), sum(e.input), sum(e.cache_read), sum(e.cache_write_5m), sum(e.cache_write_1h), sum(e.output), sum(e.reasoning), sum(e.input_audio), sum(e.output_audio), sum(e.images), sum(e.web_searches), sum(e.tool_calls)
  FROM ledger_events e
  WHERE e.outcome NOT IN ('DENIED', 'CACHE_HIT') AND (e.outcome = 'SUCCESS' OR e.actual_nanos > 0 OR (e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio) > 0)
  GROUP BY 1, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used;

CREATE TABLE rollup_usage_daily (
  day_ms         INTEGER NOT NULL,
  "key"          TEXT    NOT NULL,
  "user"         TEXT    NOT NULL,
  end_user       TEXT    NOT NULL,
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
  PRIMARY KEY (day_ms, "key", "user", end_user, team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

INSERT INTO rollup_usage_daily (day_ms, "key", "user", end_user, team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT (e.time_ms / 86400000) * 86400000, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used,
    sum(e.actual_nanos), sum(e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio), count(*), sum(e.input), sum(e.cache_read), sum(e.cache_write_5m), sum(e.cache_write_1h), sum(e.output), sum(e.reasoning), sum(e.input_audio), sum(e.output_audio), sum(e.images), sum(e.web_searches), sum(e.tool_calls)
  FROM ledger_events e
  WHERE e.outcome NOT IN ('DENIED', 'CACHE_HIT') AND (e.outcome = 'SUCCESS' OR e.actual_nanos > 0 OR (e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio) > 0)
  GROUP BY 1, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used;

CREATE TABLE rollup_usage_tags_hourly (
  hour_ms        INTEGER NOT NULL,
  tag            TEXT    NOT NULL,
  "key"          TEXT    NOT NULL,
  "user"         TEXT    NOT NULL,
  end_user       TEXT    NOT NULL,
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
  PRIMARY KEY (hour_ms, tag, "key", "user", end_user, team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

INSERT INTO rollup_usage_tags_hourly (hour_ms, tag, "key", "user", end_user, team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT (e.time_ms / 3600000) * 3600000, t.tag, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used,
    sum(e.actual_nanos), sum(e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio), count(*), sum(e.input), sum(e.cache_read), sum(e.cache_write_5m), sum(e.cache_write_1h), sum(e.output), sum(e.reasoning), sum(e.input_audio), sum(e.output_audio), sum(e.images), sum(e.web_searches), sum(e.tool_calls)
  FROM ledger_events e JOIN ledger_event_tags t ON t.event_id = e.id
  WHERE e.outcome NOT IN ('DENIED', 'CACHE_HIT') AND (e.outcome = 'SUCCESS' OR e.actual_nanos > 0 OR (e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio) > 0)
  GROUP BY 1, 2, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used;

CREATE TABLE rollup_usage_tags_daily (
  day_ms         INTEGER NOT NULL,
  tag            TEXT    NOT NULL,
  "key"          TEXT    NOT NULL,
  "user"         TEXT    NOT NULL,
  end_user       TEXT    NOT NULL,
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
  PRIMARY KEY (day_ms, tag, "key", "user", end_user, team, project, service, provider, model)
) STRICT, WITHOUT ROWID;

INSERT INTO rollup_usage_tags_daily (day_ms, tag, "key", "user", end_user, team, project, service, provider, model, cost_nanos, tokens, requests, input, cache_read, cache_write_5m, cache_write_1h, output, reasoning, input_audio, output_audio, images, web_searches, tool_calls)
  SELECT (e.time_ms / 86400000) * 86400000, t.tag, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used,
    sum(e.actual_nanos), sum(e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio), count(*), sum(e.input), sum(e.cache_read), sum(e.cache_write_5m), sum(e.cache_write_1h), sum(e.output), sum(e.reasoning), sum(e.input_audio), sum(e.output_audio), sum(e.images), sum(e.web_searches), sum(e.tool_calls)
  FROM ledger_events e JOIN ledger_event_tags t ON t.event_id = e.id
  WHERE e.outcome NOT IN ('DENIED', 'CACHE_HIT') AND (e.outcome = 'SUCCESS' OR e.actual_nanos > 0 OR (e.input + e.cache_read + e.cache_write_5m + e.cache_write_1h + e.input_audio + e.output + e.reasoning + e.output_audio) > 0)
  GROUP BY 1, 2, e."key", e."user", e.end_user, e.team, e.project, e.service, e.provider, e.model_used;
