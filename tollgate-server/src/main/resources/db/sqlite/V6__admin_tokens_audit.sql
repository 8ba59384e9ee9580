-- Scoped admin tokens: a role (admin, finance, team-manager), the team a team-manager manages,
-- and only the SHA-256 of the secret (shown once, at creation).
CREATE TABLE admin_tokens (
  id         TEXT PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE,
  prefix     TEXT NOT NULL,
  name       TEXT NOT NULL DEFAULT '',
  role       TEXT NOT NULL,
  team       TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER
);

-- The admin audit log: append-only, each row's hash is the SHA-256 of its canonical encoding,
-- which includes the previous row's hash, so editing, deleting or reordering a row breaks the
-- chain. No secret is ever written here.
CREATE TABLE audit_log (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  role      TEXT NOT NULL,
  remote    TEXT NOT NULL,
  action    TEXT NOT NULL,
  target    TEXT NOT NULL,
  before    TEXT,
  after     TEXT,
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
