-- Search (docs/search.md, "On PostgreSQL"): the PostgreSQL counterpart of
-- sqlite/migrations/0002_search.sql. A full-text index of subjects and comments, tags as rows,
-- and the indexes the search filters and sorts use. Triggers keep it all in sync, so no write
-- path in C++ knows about search. The queries are in postgres/tx_search.cpp.

CREATE EXTENSION IF NOT EXISTS unaccent;

-- ---- text search configurations

-- One configuration per language, each folding accents (unaccent) before its stemmer, so
-- "ação", "acao" and "AÇÃO" give one lexeme; chamado_simple folds case and accents and keeps
-- every word whole (no stemming, no stop words): the exact words, as SQLite's FTS5 index has
-- them (unicode61 remove_diacritics 2).
CREATE TEXT SEARCH CONFIGURATION chamado_simple (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION chamado_simple
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;

CREATE TEXT SEARCH CONFIGURATION chamado_portuguese (COPY = pg_catalog.portuguese);
ALTER TEXT SEARCH CONFIGURATION chamado_portuguese
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, portuguese_stem;

CREATE TEXT SEARCH CONFIGURATION chamado_spanish (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION chamado_spanish
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, spanish_stem;

CREATE TEXT SEARCH CONFIGURATION chamado_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION chamado_english
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, english_stem;

-- ---- functions (the names tx_search.cpp and the triggers use)

-- The stemming configuration of a ticket, from its requester's locale.
CREATE FUNCTION chamado_search_config(locale text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN lower(locale) = 'pt' OR lower(locale) LIKE 'pt-%' THEN 'chamado_portuguese'
    WHEN lower(locale) = 'es' OR lower(locale) LIKE 'es-%' THEN 'chamado_spanish'
    WHEN lower(locale) = 'en' OR lower(locale) LIKE 'en-%' THEN 'chamado_english'
    ELSE 'chamado_simple'
  END
$$;

-- The tag that marks a configuration's stems in a document ("pt:impressor"). Exact words never
-- hold ':' (chamado_search_words turns punctuation into spaces), so a stem never meets a word.
CREATE FUNCTION chamado_search_tag(config text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE config
    WHEN 'chamado_portuguese' THEN 'pt:'
    WHEN 'chamado_spanish' THEN 'es:'
    WHEN 'chamado_english' THEN 'en:'
    ELSE NULL
  END
$$;

-- Text as FTS5's unicode61 tokenizer splits it: ASCII punctuation separates words, so
-- "ana@example.com" holds the words ana, example and com, "1.5" holds 1 and 5 (PostgreSQL's
-- parser would keep e-mails, hosts, URLs, paths and decimals whole).
CREATE FUNCTION chamado_search_words(body text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT regexp_replace(body, '[!-/:-@[-`{-~]+', ' ', 'g')
$$;

-- The document of one text (a subject, a comment): its exact words (chamado_simple), then the
-- stems of `config`, each tagged by chamado_search_tag ("pt:impressor"). One tsvector, one GIN
-- index. The stems come after the words (tsvector || shifts their positions), which no phrase
-- can notice: a phrase is all exact words or all stems of one language.
CREATE FUNCTION chamado_search_vector(config text, body text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT SET client_min_messages = warning AS $$
  SELECT to_tsvector('chamado_simple', words) || coalesce((
    SELECT string_agg('''' || chamado_search_tag(config) || replace(replace(s.lexeme, '\', '\\'), '''', '''''')
                      || ''':' || array_to_string(s.positions, ','), ' ')::tsvector
    FROM unnest(to_tsvector(config::regconfig, words)) s
    WHERE chamado_search_tag(config) IS NOT NULL), '')
  FROM chamado_search_words(body) AS words
$$;

-- A tsquery with every lexeme tagged (chamado_search_tag), for matching stems.
CREATE FUNCTION chamado_search_tagged(query tsquery, tag text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT CASE WHEN numnode(query) = 0 THEN query
              ELSE regexp_replace(query::text, '''((?:[^'']|'''')*)''', '''' || tag || '\1''', 'g')::tsquery END
$$;

-- The tsquery of one search term, built from the user's text as words, never as tsquery syntax:
-- the words of `term` next to each other in this order (one word: just that word).
-- - a word (`stemmed`): the exact word, or its stem in any of the languages; a stem only
--   matches documents stemmed in that language, since stems are tagged;
-- - a phrase or a prefix: exact words only; `prefix` makes the last word a prefix (impress*).
-- An empty tsquery (no words) matches nothing; tx_search.cpp treats it as such.
CREATE FUNCTION chamado_search_query(term text, stemmed boolean, prefix boolean) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE STRICT SET client_min_messages = warning AS $$
DECLARE
  words text := chamado_search_words(term);
  exact tsquery := phraseto_tsquery('chamado_simple', words);
BEGIN
  IF numnode(exact) = 0 THEN
    RETURN exact;
  END IF;
  IF prefix THEN
    RETURN (exact::text || ':*')::tsquery;
  END IF;
  IF NOT stemmed THEN
    RETURN exact;
  END IF;
  RETURN exact
    || chamado_search_tagged(phraseto_tsquery('chamado_portuguese', words), 'pt:')
    || chamado_search_tagged(phraseto_tsquery('chamado_spanish', words), 'es:')
    || chamado_search_tagged(phraseto_tsquery('chamado_english', words), 'en:');
END
$$;

-- ---- tables and indexes

-- One row per text of a ticket: its subject (comment_id 0) and each comment. Adding a comment
-- adds a row; nothing else is re-indexed. `part` says who may search the text: 0 the subject,
-- 1 a public comment, 2 an internal note; an end user's search reads parts 0 and 1 only.
-- (The first comment is the description, so the description is indexed as a comment, with its
-- own visibility; tickets.description is not indexed, since a private first comment must stay
-- private.) `config` is the ticket's language (chamado_search_config of the requester's locale
-- when the ticket was created); every row of a ticket uses it.
CREATE TABLE ticket_search_texts (
  ticket_id BIGINT NOT NULL,
  comment_id BIGINT NOT NULL,
  part SMALLINT NOT NULL CHECK (part IN (0, 1, 2)),
  config TEXT NOT NULL,
  document tsvector NOT NULL,
  PRIMARY KEY (ticket_id, comment_id)
);
CREATE INDEX ticket_search_texts_document ON ticket_search_texts USING gin (document);

-- A ticket's tags as rows: "tickets tagged x" is an index lookup, not a JSON scan.
CREATE TABLE ticket_tags (
  tag TEXT NOT NULL,
  ticket_id BIGINT NOT NULL,
  PRIMARY KEY (tag, ticket_id)
);

-- Sorts and filters of search (the same as SQLite's).
CREATE INDEX tickets_created ON tickets(created_at, id);
CREATE INDEX tickets_group ON tickets(group_id, id);
CREATE INDEX tickets_organization ON tickets(organization_id, id);
-- sort_by=priority: the rank expression must stay identical to the one in postgres/tx_search.cpp.
CREATE INDEX tickets_priority_rank ON tickets(
  (CASE priority WHEN 'low' THEN 1 WHEN 'normal' THEN 2 WHEN 'high' THEN 3 WHEN 'urgent' THEN 4 ELSE 0 END), id);

-- The text strings of a JSON list of tags (other JSON values are skipped, as in SQLite).
CREATE FUNCTION chamado_json_strings(list text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE STRICT AS $$
  SELECT e #>> '{}' FROM json_array_elements(list::json) e WHERE json_typeof(e) = 'string'
$$;

-- ---- backfill what exists

INSERT INTO ticket_search_texts (ticket_id, comment_id, part, config, document)
SELECT t.id, 0, 0, chamado_search_config(u.locale), chamado_search_vector(chamado_search_config(u.locale), t.subject)
FROM tickets t LEFT JOIN users u ON u.id = t.requester_id;

INSERT INTO ticket_search_texts (ticket_id, comment_id, part, config, document)
SELECT c.ticket_id, c.id, CASE WHEN c.is_public = 1 THEN 1 ELSE 2 END, s.config, chamado_search_vector(s.config, c.body)
FROM comments c JOIN ticket_search_texts s ON s.ticket_id = c.ticket_id AND s.comment_id = 0;

INSERT INTO ticket_tags (tag, ticket_id)
SELECT j.tag, t.id FROM tickets t, chamado_json_strings(t.tags) AS j(tag)
ON CONFLICT DO NOTHING;

-- ---- keeping it in sync

CREATE FUNCTION chamado_tickets_search_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cfg text := chamado_search_config((SELECT locale FROM users WHERE id = NEW.requester_id));
BEGIN
  INSERT INTO ticket_search_texts (ticket_id, comment_id, part, config, document)
    VALUES (NEW.id, 0, 0, cfg, chamado_search_vector(cfg, NEW.subject));
  INSERT INTO ticket_tags (tag, ticket_id)
    SELECT j.tag, NEW.id FROM chamado_json_strings(NEW.tags) AS j(tag)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_search_insert AFTER INSERT ON tickets
FOR EACH ROW EXECUTE FUNCTION chamado_tickets_search_insert();

CREATE FUNCTION chamado_tickets_search_subject() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_texts SET document = chamado_search_vector(config, NEW.subject)
  WHERE ticket_id = NEW.id AND comment_id = 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_search_subject AFTER UPDATE OF subject ON tickets
FOR EACH ROW WHEN (NEW.subject IS DISTINCT FROM OLD.subject)
EXECUTE FUNCTION chamado_tickets_search_subject();

CREATE FUNCTION chamado_tickets_search_tags() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ticket_tags WHERE ticket_id = OLD.id AND tag IN (SELECT chamado_json_strings(OLD.tags));
  INSERT INTO ticket_tags (tag, ticket_id)
    SELECT j.tag, NEW.id FROM chamado_json_strings(NEW.tags) AS j(tag)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_search_tags AFTER UPDATE OF tags ON tickets
FOR EACH ROW WHEN (NEW.tags IS DISTINCT FROM OLD.tags)
EXECUTE FUNCTION chamado_tickets_search_tags();

CREATE FUNCTION chamado_tickets_search_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ticket_search_texts WHERE ticket_id = OLD.id;
  DELETE FROM ticket_tags WHERE ticket_id = OLD.id AND tag IN (SELECT chamado_json_strings(OLD.tags));
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_search_delete AFTER DELETE ON tickets
FOR EACH ROW EXECUTE FUNCTION chamado_tickets_search_delete();

-- A new comment is one new row, in its ticket's language, public or internal.
CREATE FUNCTION chamado_comments_search_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  cfg text := coalesce(
    (SELECT config FROM ticket_search_texts WHERE ticket_id = NEW.ticket_id AND comment_id = 0),
    'chamado_simple');
BEGIN
  INSERT INTO ticket_search_texts (ticket_id, comment_id, part, config, document)
    VALUES (NEW.ticket_id, NEW.id, CASE WHEN NEW.is_public = 1 THEN 1 ELSE 2 END, cfg,
            chamado_search_vector(cfg, NEW.body));
  RETURN NULL;
END
$$;
CREATE TRIGGER comments_search_insert AFTER INSERT ON comments
FOR EACH ROW EXECUTE FUNCTION chamado_comments_search_insert();

-- A comment changed (redaction, made private): its own row follows, so removed words stop
-- matching and a note made private stops matching for end users.
CREATE FUNCTION chamado_comments_search_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ticket_search_texts
  SET part = CASE WHEN NEW.is_public = 1 THEN 1 ELSE 2 END,
      document = CASE WHEN NEW.body IS DISTINCT FROM OLD.body THEN chamado_search_vector(config, NEW.body)
                      ELSE document END
  WHERE ticket_id = OLD.ticket_id AND comment_id = OLD.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER comments_search_change AFTER UPDATE OF body, is_public ON comments
FOR EACH ROW WHEN (NEW.body IS DISTINCT FROM OLD.body OR NEW.is_public IS DISTINCT FROM OLD.is_public)
EXECUTE FUNCTION chamado_comments_search_change();

CREATE FUNCTION chamado_comments_search_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ticket_search_texts WHERE ticket_id = OLD.ticket_id AND comment_id = OLD.id;
  RETURN NULL;
END
$$;
CREATE TRIGGER comments_search_delete AFTER DELETE ON comments
FOR EACH ROW EXECUTE FUNCTION chamado_comments_search_delete();
