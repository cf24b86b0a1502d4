-- Search (docs/search.md): a full-text index of subjects and comments, tags as rows, and the
-- indexes the search filters and sorts use. Triggers keep it all in sync, so no write path in
-- C++ knows about search.

-- One row per ticket, rowid = ticket id: the subject, the public comments and the internal
-- notes in separate columns, so an end user's search can look at the first two only. `kind`
-- holds the word "ticket" in every row: "every ticket NOT <words>" is then an FTS5 query too,
-- so a search made of exclusions alone merges index lists instead of probing each ticket.
-- unicode61 with remove_diacritics 2 folds case and accents: "nao" finds "não".
-- (The first comment is the description, so the description is indexed as a comment.)
CREATE VIRTUAL TABLE ticket_fts USING fts5(
  subject, public_text, private_text, kind,
  tokenize = 'unicode61 remove_diacritics 2'
);

-- A ticket's tags as rows: "tickets tagged x" is an index lookup, not a JSON scan.
CREATE TABLE ticket_tags (
  tag TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,
  PRIMARY KEY (tag, ticket_id)
) WITHOUT ROWID;

-- Sorts and filters of search.
CREATE INDEX tickets_created ON tickets(created_at, id);
CREATE INDEX tickets_group ON tickets(group_id, id);
CREATE INDEX tickets_organization ON tickets(organization_id, id);
-- sort_by=priority: the rank expression must stay identical to the one in sqlite/tx_search.cpp.
CREATE INDEX tickets_priority_rank ON tickets(
  (CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END), id);

-- Backfill what exists.
INSERT INTO ticket_fts (rowid, subject, public_text, private_text, kind)
SELECT t.id, t.subject,
       coalesce((SELECT group_concat(body, char(10)) FROM
                   (SELECT body FROM comments WHERE ticket_id = t.id AND is_public = 1 ORDER BY id)), ''),
       coalesce((SELECT group_concat(body, char(10)) FROM
                   (SELECT body FROM comments WHERE ticket_id = t.id AND is_public = 0 ORDER BY id)), ''),
       'ticket'
FROM tickets t;

INSERT OR IGNORE INTO ticket_tags (tag, ticket_id)
SELECT j.value, t.id FROM tickets t, json_each(t.tags) j WHERE j.type = 'text';

-- ---- keeping it in sync

CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets BEGIN
  INSERT INTO ticket_fts (rowid, subject, public_text, private_text, kind)
    VALUES (NEW.id, NEW.subject, '', '', 'ticket');
  INSERT OR IGNORE INTO ticket_tags (tag, ticket_id)
    SELECT value, NEW.id FROM json_each(NEW.tags) WHERE type = 'text';
END;

CREATE TRIGGER tickets_search_subject AFTER UPDATE OF subject ON tickets
WHEN NEW.subject IS NOT OLD.subject BEGIN
  UPDATE ticket_fts SET subject = NEW.subject WHERE rowid = NEW.id;
END;

CREATE TRIGGER tickets_search_tags AFTER UPDATE OF tags ON tickets
WHEN NEW.tags IS NOT OLD.tags BEGIN
  DELETE FROM ticket_tags WHERE ticket_id = OLD.id AND tag IN (SELECT value FROM json_each(OLD.tags));
  INSERT OR IGNORE INTO ticket_tags (tag, ticket_id)
    SELECT value, NEW.id FROM json_each(NEW.tags) WHERE type = 'text';
END;

CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets BEGIN
  DELETE FROM ticket_fts WHERE rowid = OLD.id;
  DELETE FROM ticket_tags WHERE ticket_id = OLD.id AND tag IN (SELECT value FROM json_each(OLD.tags));
END;

-- A new comment is appended to its column (Limit: so a phrase may match across the end of one
-- comment and the start of the next). Limit: past 256 KiB of text per ticket and
-- visibility, further comments are not indexed (each append re-indexes the row, so the row
-- must stay bounded: a ticket may hold 5,000 comments of 64 KiB).
CREATE TRIGGER comments_search_public AFTER INSERT ON comments WHEN NEW.is_public BEGIN
  UPDATE ticket_fts SET public_text = public_text || char(10) || NEW.body
  WHERE rowid = NEW.ticket_id AND length(public_text) < 262144;
END;

CREATE TRIGGER comments_search_private AFTER INSERT ON comments WHEN NOT NEW.is_public BEGIN
  UPDATE ticket_fts SET private_text = private_text || char(10) || NEW.body
  WHERE rowid = NEW.ticket_id AND length(private_text) < 262144;
END;

-- A comment changed (redaction, made private): its ticket's text is rebuilt, so removed words
-- stop matching and a note made private stops matching for end users.
CREATE TRIGGER comments_search_change AFTER UPDATE OF body, is_public ON comments
WHEN NEW.body IS NOT OLD.body OR NEW.is_public IS NOT OLD.is_public BEGIN
  UPDATE ticket_fts SET
    public_text = substr(coalesce((SELECT group_concat(body, char(10)) FROM
                   (SELECT body FROM comments WHERE ticket_id = NEW.ticket_id AND is_public = 1 ORDER BY id)), ''),
                   1, 327680),
    private_text = substr(coalesce((SELECT group_concat(body, char(10)) FROM
                   (SELECT body FROM comments WHERE ticket_id = NEW.ticket_id AND is_public = 0 ORDER BY id)), ''),
                   1, 327680)
  WHERE rowid = NEW.ticket_id;
END;
