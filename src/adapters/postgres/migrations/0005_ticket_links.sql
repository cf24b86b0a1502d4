-- PostgreSQL dialect of sqlite/migrations/0004_ticket_links.sql.
-- Links between tickets and the customer's verdict (issue 5): a Duplicate's active case
-- (merged_into), an agent's "no escalation needed" (escalation_not_required), and the
-- satisfaction rating's summary kept on the ticket ('unoffered', 'offered', 'good', 'bad'; the
-- ratings themselves live in their own table).
ALTER TABLE tickets ADD COLUMN merged_into BIGINT REFERENCES tickets(id);
ALTER TABLE tickets ADD COLUMN escalation_not_required INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tickets ADD COLUMN satisfaction_score TEXT NOT NULL DEFAULT 'unoffered';
ALTER TABLE tickets ADD COLUMN satisfaction_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE tickets ADD COLUMN satisfaction_rating_id BIGINT;
-- A problem's incidents, and the contacts merged into a case.
CREATE INDEX tickets_problem ON tickets(problem_id, id) WHERE problem_id IS NOT NULL;
CREATE INDEX tickets_merged_into ON tickets(merged_into, id) WHERE merged_into IS NOT NULL;
