-- Search data rebuilt in bulk (PostgreSQL only; SQLite has no counterpart). `chamado store
-- copy` (docs/postgresql.md, "Speed") copies tickets and comments with their search triggers
-- (0002_search.sql) disabled, then calls chamado_search_rebuild() in the same transaction: a
-- few set-based statements instead of a trigger, a lookup and two INSERTs per row.
--
-- The rows are exactly those the insert triggers of 0002 give when the tickets, then the
-- comments, are inserted into empty search tables: the same functions (chamado_search_config,
-- chamado_search_vector, chamado_json_strings), the same inputs:
-- - a ticket's config is chamado_search_config of its requester's locale (NULL: no requester,
--   or none found, gives chamado_simple, as the trigger's scalar subquery does);
-- - a comment takes its ticket's config from the ticket's subject row, chamado_simple when
--   there is none; part 1 when is_public = 1, else 2;
-- - tags: the text strings of tickets.tags, duplicates once (ON CONFLICT DO NOTHING).
-- tests/integration/store_copy_test.cpp compares both ways on one help desk.
--
-- It replaces what the search tables hold. The GIN index stays: dropping it before the inserts
-- and building it after them measured no faster (18.7 s against 18.5 s for 200,000 texts; its
-- pending list already batches the inserts). `with_tags` false leaves ticket_tags alone (store
-- copy copies the source's own ticket_tags).
CREATE FUNCTION chamado_search_rebuild(with_tags boolean) RETURNS bigint
LANGUAGE plpgsql SET client_min_messages = warning AS $$
DECLARE
  texts bigint;
  n bigint;
BEGIN
  DELETE FROM ticket_search_texts;

  INSERT INTO ticket_search_texts (ticket_id, comment_id, part, config, document)
  SELECT t.id, 0, 0, s.cfg, chamado_search_vector(s.cfg, t.subject)
  FROM tickets t
  LEFT JOIN users u ON u.id = t.requester_id
  CROSS JOIN LATERAL (SELECT chamado_search_config(u.locale) AS cfg) s;
  GET DIAGNOSTICS texts = ROW_COUNT;

  INSERT INTO ticket_search_texts (ticket_id, comment_id, part, config, document)
  SELECT c.ticket_id, c.id, CASE WHEN c.is_public = 1 THEN 1 ELSE 2 END, s.cfg, chamado_search_vector(s.cfg, c.body)
  FROM comments c
  LEFT JOIN ticket_search_texts st ON st.ticket_id = c.ticket_id AND st.comment_id = 0
  CROSS JOIN LATERAL (SELECT coalesce(st.config, 'chamado_simple') AS cfg) s;
  GET DIAGNOSTICS n = ROW_COUNT;
  texts := texts + n;

  IF with_tags THEN
    DELETE FROM ticket_tags;
    INSERT INTO ticket_tags (tag, ticket_id)
    SELECT j.tag, t.id FROM tickets t, chamado_json_strings(t.tags) AS j(tag)
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN texts;
END
$$;
