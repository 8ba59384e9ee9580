-- What a virtual key may do: the models it may use (a JSON array of names, aliases and
-- 'provider/*' or 'prefix*' patterns; empty means every model), its own requests and tokens per
-- minute (NULL: the gateway's rate_limits), when it stops working, whether its answers may come from
-- the response cache, and its budgets (a JSON array of {limit_usd, period, enforcement}).
ALTER TABLE virtual_keys ADD COLUMN allowed_models TEXT NOT NULL DEFAULT '[]';
ALTER TABLE virtual_keys ADD COLUMN rpm INTEGER;
ALTER TABLE virtual_keys ADD COLUMN tpm INTEGER;
ALTER TABLE virtual_keys ADD COLUMN expires_ms INTEGER;
ALTER TABLE virtual_keys ADD COLUMN response_cache INTEGER NOT NULL DEFAULT 0;
ALTER TABLE virtual_keys ADD COLUMN budgets TEXT NOT NULL DEFAULT '[]';

-- Keys of the admin API (tga-...): only the SHA-256 of the secret, as for virtual keys.
CREATE TABLE admin_keys (
  id         TEXT PRIMARY KEY,
  hash       TEXT NOT NULL UNIQUE,
  prefix     TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  revoked_ms INTEGER
);

-- Provider API keys stored through the admin API: AES-256-GCM under a key derived from
-- TOLLGATE_MASTER_KEY, with the provider's name as associated data. Never the plaintext.
CREATE TABLE provider_credentials (
  provider   TEXT PRIMARY KEY,
  nonce      BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  last4      TEXT NOT NULL,
  updated_ms INTEGER NOT NULL
);
