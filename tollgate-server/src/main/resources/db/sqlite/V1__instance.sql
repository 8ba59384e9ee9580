-- One row naming this Tollgate installation. Later migrations add the ledger.
CREATE TABLE instance (
  id         TEXT NOT NULL PRIMARY KEY, -- a random UUID, chosen on first start
  created_at TEXT NOT NULL              -- ISO-8601 UTC instant, from the injected clock
) STRICT;
