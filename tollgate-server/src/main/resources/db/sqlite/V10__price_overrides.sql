-- Price cards set over the admin API (PUT /admin/v1/models/{id}/price), each in force from its
-- start on: the card as the JSON of a catalog prices entry without its from, so that it is read and
-- validated by the catalog's own reader at start-up. Applied over the catalog, pricing.overrides
-- and pricing.discounts.
CREATE TABLE price_overrides (
  provider   TEXT NOT NULL,
  model      TEXT NOT NULL,
  from_ms    INTEGER NOT NULL,
  card       TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (provider, model, from_ms)
);
