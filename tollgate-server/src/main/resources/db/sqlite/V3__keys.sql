-- Virtual keys: the secrets clients send instead of a provider key. Only the SHA-256 of a secret
-- is stored; its first characters (prefix) let people tell keys apart.
CREATE TABLE virtual_keys (
  id         TEXT PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE,
  prefix     TEXT NOT NULL,
  name       TEXT NOT NULL DEFAULT '',
  "user"     TEXT NOT NULL DEFAULT '',
  team       TEXT NOT NULL DEFAULT '',
  project    TEXT NOT NULL DEFAULT '',
  service    TEXT NOT NULL DEFAULT '',
  tags       TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER
);
