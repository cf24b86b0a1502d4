-- Durable timers (docs/workflows.md, "Timers"): the automatic moves a status declares
-- (`auto = { after = "48h", to = "closed" }`), one row per scheduled move. A pending timer has
-- fired_at NULL; firing sets fired_at, fired_by (the node) and outcome ('applied', or 'void' when
-- the ticket had left from_status) and keeps the row: a fired timer is history and never fires
-- again. A cancelled pending timer (its ticket left the status) is deleted. Times are unix
-- seconds (UTC).
CREATE TABLE timers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  kind TEXT NOT NULL,
  from_status_id INTEGER NOT NULL,
  to_status_id INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  fired_at INTEGER,
  fired_by TEXT,
  outcome TEXT
);
-- The claim: pending timers by due time, oldest first.
CREATE INDEX timers_pending_due ON timers(due_at, id) WHERE fired_at IS NULL;
-- At most one pending timer per ticket and kind (rescheduling is an upsert on it).
CREATE UNIQUE INDEX timers_one_pending ON timers(ticket_id, kind) WHERE fired_at IS NULL;
-- A ticket's timers, pending and fired.
CREATE INDEX timers_ticket ON timers(ticket_id, id);
