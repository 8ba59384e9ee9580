-- The prompt-prefix fingerprint of each request (PromptFingerprint in the proxy): a hex hash of the
-- start of its prompt (system prompt and the messages before the last one, at most 32,768
-- characters), and that prefix's tokens estimated at four characters a token. Never the text. ""
-- and 0 when the request had no prefix of 4,096 characters or more (none that a provider caches),
-- and for every event stored before this migration.

ALTER TABLE ledger_events ADD COLUMN prompt_prefix TEXT NOT NULL DEFAULT '';
ALTER TABLE ledger_events ADD COLUMN prefix_tokens INTEGER NOT NULL DEFAULT 0;

-- The recommendations look for prefixes sent again and again: a GROUP BY over fingerprinted events
-- of a time range, ordered by time within each fingerprint. Partial, so only the few requests with a
-- long prompt pay for it on append, and ordered as the query reads it, so SQLite need not sort.
CREATE INDEX ledger_events_prompt_prefix ON ledger_events (prompt_prefix, provider, model_used, time_ms)
  WHERE prompt_prefix != '';
