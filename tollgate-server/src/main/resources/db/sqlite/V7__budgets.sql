-- Budgets defined through the admin API (those of tollgate.yaml stay in the file, those of virtual
-- keys in virtual_keys.budgets): the definition as the JSON object of a budgets.define entry, so
-- that both are parsed and validated by the same code, and registered in the engine at start-up.
CREATE TABLE budgets (
  id         TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL
);
