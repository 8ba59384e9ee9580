-- Admins' emergency overrides of budgets (POST /admin/v1/budgets/{id}/override): at most one per
-- budget, in force until expires_ms, so that a restart puts back those that have not expired.
-- Ending one early deletes its row; the audit log keeps who granted and ended it, and why.
-- extra is how far past the limit spend may go, in the budget's unit (nano-dollars, tokens or
-- requests); NULL for no ceiling.
CREATE TABLE budget_overrides (
  budget_id  TEXT    NOT NULL PRIMARY KEY,
  actor      TEXT    NOT NULL,
  reason     TEXT    NOT NULL,
  extra      INTEGER,
  granted_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL
) STRICT;
