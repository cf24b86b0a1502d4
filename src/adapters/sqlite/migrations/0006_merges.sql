-- Duplicates and merging (issue 5, docs/duplicates.md): one row per source ticket merged into a
-- target, by the automatic duplicate rule ('auto': a customer's new contact joined their active
-- case) or by an agent ('manual': POST /tickets/{id}/merge). The source's tickets.merged_into
-- says the same while the merge stands; the row also remembers which comments were involved,
-- so an undo (POST /chamado/tickets/{id}/unmerge) knows what it splits back out, and stays as
-- history once undone (undone_at, undone_by). The merges one request made share job_id (the
-- first row's id): GET /job_statuses/{job_id}. Times are unix seconds (UTC).
CREATE TABLE merges (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('auto', 'manual')),
  source_id INTEGER NOT NULL REFERENCES tickets(id),
  target_id INTEGER NOT NULL REFERENCES tickets(id),
  source_comment_id INTEGER REFERENCES comments(id),
  target_comment_id INTEGER REFERENCES comments(id),
  author_id INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  undone_at INTEGER,
  undone_by INTEGER
);
CREATE INDEX merges_source ON merges(source_id, id);
CREATE INDEX merges_target ON merges(target_id, id);
CREATE INDEX merges_job ON merges(job_id, id);
