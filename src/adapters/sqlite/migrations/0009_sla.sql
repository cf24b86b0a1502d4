-- SLA policies and each ticket's targets (docs/sla.md; PRODUCT.md §5; zendesk-compat.md §12).
--
-- sla_policies: Zendesk's policies. `filter` is JSON {"all":[{field, operator, value}], "any":[…]};
-- `metrics` is JSON [{priority, metric, target, business_hours, business_days, pause_status_ids}]
-- (target in minutes; business_days, ours, overrides it: N x the calendar's business day). The
-- first policy by (position, id) whose filter matches a ticket applies to it.
--
-- ticket_slas: the targets of a ticket under its policy, one row per metric, rewritten by every
-- write to the ticket (app/sla.cpp, RecomputeSla, always from the creation under the current
-- priority). breach_at is NULL while the target is paused; breached is as of that write (the API
-- also counts an active target whose breach_at has passed). No foreign key to sla_policies: a
-- deleted policy's tickets are recomputed in the deleting transaction.
--
-- tickets.sla_next_breach_at: the earliest breach_at of the ticket's active targets (NULL: none),
-- for GET /tickets?sort_by=chamado_next_breach_at. Times are unix seconds (UTC).
CREATE TABLE sla_policies (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  position INTEGER NOT NULL,
  filter TEXT NOT NULL DEFAULT '{"all":[],"any":[]}',
  metrics TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX sla_policies_position ON sla_policies(position, id);

CREATE TABLE ticket_slas (
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  metric TEXT NOT NULL,
  policy_id INTEGER NOT NULL,
  priority TEXT NOT NULL,
  target_minutes INTEGER NOT NULL,
  business_hours INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  breach_at INTEGER,
  stage TEXT NOT NULL CHECK (stage IN ('active', 'paused', 'achieved')),
  achieved_at INTEGER,
  breached INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ticket_id, metric)
);
-- A policy's tickets (recomputed when it changes or goes).
CREATE INDEX ticket_slas_policy ON ticket_slas(policy_id, ticket_id);

ALTER TABLE tickets ADD COLUMN sla_next_breach_at INTEGER;
CREATE INDEX tickets_sla_next_breach ON tickets(sla_next_breach_at, id);

-- The default policy (PRODUCT.md §5; domain/sla.cpp DefaultSlaPolicy(), which a test compares
-- with this row): resolution in 5/15/30 calendar days by priority (urgent as high), the first
-- reply within 24 calendar hours, an escalation concluded within 6 business days.
INSERT INTO sla_policies (id, title, description, position, filter, metrics, created_at, updated_at) VALUES (1,
  'Padrão',
  'PRODUCT.md §5: resolution in 5, 15 and 30 calendar days for high (and urgent), normal and low priority; first reply within 24 hours; escalations concluded within 6 business days. Paused while the ticket awaits the customer.',
  0, '{"all":[{"field":"type","operator":"is_not","value":"problem"}],"any":[]}',
  '[{"priority":"urgent","metric":"first_reply_time","target":1440,"business_hours":false},{"priority":"urgent","metric":"resolution_time","target":7200,"business_hours":false},{"priority":"urgent","metric":"chamado_escalation_time","target":3420,"business_hours":true,"business_days":6},{"priority":"high","metric":"first_reply_time","target":1440,"business_hours":false},{"priority":"high","metric":"resolution_time","target":7200,"business_hours":false},{"priority":"high","metric":"chamado_escalation_time","target":3420,"business_hours":true,"business_days":6},{"priority":"normal","metric":"first_reply_time","target":1440,"business_hours":false},{"priority":"normal","metric":"resolution_time","target":21600,"business_hours":false},{"priority":"normal","metric":"chamado_escalation_time","target":3420,"business_hours":true,"business_days":6},{"priority":"low","metric":"first_reply_time","target":1440,"business_hours":false},{"priority":"low","metric":"resolution_time","target":43200,"business_hours":false},{"priority":"low","metric":"chamado_escalation_time","target":3420,"business_hours":true,"business_days":6}]',
  1767225600, 1767225600);
