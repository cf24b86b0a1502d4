-- Satisfaction ratings (docs/satisfaction.md; PRODUCT.md §8): one row per rated ticket, the
-- latest score its requester gave ('good' or 'bad') with their comment. Re-rating within the
-- window rewrites score, comment and updated_at and keeps the id; every rating is also an audit
-- on the ticket's timeline (the history). assignee_id and group_id are the ticket's when it was
-- last rated: the reports credit them. The ticket keeps a summary (tickets.satisfaction_*,
-- 0004_ticket_links.sql). Times are unix seconds (UTC).
CREATE TABLE satisfaction_ratings (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL UNIQUE REFERENCES tickets(id),
  requester_id INTEGER NOT NULL REFERENCES users(id),
  assignee_id INTEGER REFERENCES users(id),
  group_id INTEGER REFERENCES agent_groups(id),
  score TEXT NOT NULL CHECK (score IN ('good', 'bad')),
  comment TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- Listing and reports by time (start_time/end_time compare updated_at).
CREATE INDEX satisfaction_ratings_updated ON satisfaction_ratings(updated_at, id);
-- Reports per agent and per group over a period.
CREATE INDEX satisfaction_ratings_assignee ON satisfaction_ratings(assignee_id, updated_at);
CREATE INDEX satisfaction_ratings_group ON satisfaction_ratings(group_id, updated_at);
