-- Chamado schema, SQLite dialect. Times are unix seconds (UTC). Lists are JSON text.
CREATE TABLE organizations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  domain_names TEXT NOT NULL DEFAULT '[]',
  details TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  shared_tickets INTEGER NOT NULL DEFAULT 0,
  shared_comments INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL DEFAULT '[]',
  external_id TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE agent_groups (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  is_default INTEGER NOT NULL DEFAULT 0,
  deleted INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('end-user', 'agent', 'admin')),
  active INTEGER NOT NULL DEFAULT 1,
  verified INTEGER NOT NULL DEFAULT 0,
  suspended INTEGER NOT NULL DEFAULT 0,
  organization_id INTEGER REFERENCES organizations(id),
  default_group_id INTEGER REFERENCES agent_groups(id),
  phone TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT 'America/Sao_Paulo',
  locale TEXT NOT NULL DEFAULT 'pt-BR',
  tags TEXT NOT NULL DEFAULT '[]',
  external_id TEXT,
  notes TEXT NOT NULL DEFAULT '',
  password_hash TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX users_role ON users(role, id);

CREATE TABLE user_identities (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  is_primary INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (type, value)
);
CREATE INDEX user_identities_user ON user_identities(user_id);

-- API tokens are stored as SHA-256 hashes; the token itself is shown once.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

CREATE TABLE group_memberships (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  group_id INTEGER NOT NULL REFERENCES agent_groups(id),
  is_default INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, group_id)
);

-- AUTOINCREMENT: ticket ids (protocol numbers) are never reused, even after a delete.
CREATE TABLE tickets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  external_id TEXT,
  type TEXT,
  subject TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  priority TEXT,
  custom_status_id INTEGER NOT NULL,
  requester_id INTEGER NOT NULL REFERENCES users(id),
  submitter_id INTEGER NOT NULL REFERENCES users(id),
  assignee_id INTEGER REFERENCES users(id),
  group_id INTEGER REFERENCES agent_groups(id),
  organization_id INTEGER REFERENCES organizations(id),
  problem_id INTEGER REFERENCES tickets(id),
  followup_source_id INTEGER REFERENCES tickets(id),
  collaborator_ids TEXT NOT NULL DEFAULT '[]',
  follower_ids TEXT NOT NULL DEFAULT '[]',
  tags TEXT NOT NULL DEFAULT '[]',
  custom_fields TEXT NOT NULL DEFAULT '[]',
  via_channel TEXT NOT NULL DEFAULT 'api',
  due_at INTEGER,
  is_public INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tickets_requester ON tickets(requester_id, id);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);
CREATE INDEX tickets_status ON tickets(custom_status_id, id);
CREATE INDEX tickets_updated ON tickets(updated_at, id);

-- CCs as rows too, so "tickets I am CC'd on" is an index lookup.
CREATE TABLE ticket_ccs (
  user_id INTEGER NOT NULL REFERENCES users(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  PRIMARY KEY (user_id, ticket_id)
) WITHOUT ROWID;

CREATE TABLE audits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  author_id INTEGER NOT NULL,
  via_channel TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX audits_ticket ON audits(ticket_id, id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  author_id INTEGER NOT NULL REFERENCES users(id),
  audit_id INTEGER REFERENCES audits(id),
  body TEXT NOT NULL,
  html_body TEXT NOT NULL DEFAULT '',
  is_public INTEGER NOT NULL,
  via_channel TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX comments_ticket ON comments(ticket_id, id);

-- The append-only event log: who (audit.author_id), when, what, from -> to.
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  audit_id INTEGER NOT NULL REFERENCES audits(id),
  ticket_id INTEGER NOT NULL REFERENCES tickets(id),
  type TEXT NOT NULL,
  field_name TEXT NOT NULL DEFAULT '',
  value TEXT NOT NULL DEFAULT '',
  previous_value TEXT NOT NULL DEFAULT '',
  comment_id INTEGER REFERENCES comments(id)
);
CREATE INDEX events_audit ON events(audit_id);
CREATE INDEX events_ticket ON events(ticket_id, id);

CREATE TABLE ticket_fields (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  key TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  title_in_portal TEXT NOT NULL DEFAULT '',
  active INTEGER NOT NULL DEFAULT 1,
  required INTEGER NOT NULL DEFAULT 0,
  visible_in_portal INTEGER NOT NULL DEFAULT 1,
  editable_in_portal INTEGER NOT NULL DEFAULT 1,
  required_in_portal INTEGER NOT NULL DEFAULT 0,
  system INTEGER NOT NULL DEFAULT 0,
  read_only INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE ticket_field_options (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  field_id INTEGER NOT NULL REFERENCES ticket_fields(id),
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  is_default INTEGER NOT NULL DEFAULT 0,
  position INTEGER NOT NULL DEFAULT 0,
  UNIQUE (field_id, value)
);

-- Shipped fields: the same ids on every install (system fields 1-8, ours from 100).
INSERT INTO ticket_fields (id, type, key, title, description, title_in_portal, visible_in_portal, editable_in_portal, required_in_portal, system, read_only, position, created_at, updated_at) VALUES
  (1, 'subject', 'subject', 'Subject', '', 'Subject', 1, 1, 1, 1, 0, 1, 1767225600, 1767225600),
  (2, 'description', 'description', 'Description', '', 'Description', 1, 1, 1, 1, 0, 2, 1767225600, 1767225600),
  (3, 'status', 'status', 'Status', '', 'Status', 0, 0, 0, 1, 0, 3, 1767225600, 1767225600),
  (4, 'custom_status', 'custom_status', 'Ticket status', '', 'Status', 1, 0, 0, 1, 0, 4, 1767225600, 1767225600),
  (5, 'tickettype', 'type', 'Type', '', 'Type', 0, 0, 0, 1, 0, 5, 1767225600, 1767225600),
  (6, 'priority', 'priority', 'Priority', '', 'Priority', 0, 0, 0, 1, 0, 6, 1767225600, 1767225600),
  (7, 'group', 'group', 'Group', '', 'Group', 0, 0, 0, 1, 0, 7, 1767225600, 1767225600),
  (8, 'assignee', 'assignee', 'Assignee', '', 'Assignee', 0, 0, 0, 1, 0, 8, 1767225600, 1767225600),
  (100, 'text', 'platform', 'Platform / version', 'Platform and version the problem happens on', 'Plataforma / versão', 1, 1, 0, 0, 0, 100, 1767225600, 1767225600),
  (101, 'tagger', 'topic', 'Topic', 'What the contact is about (tema)', 'Tema', 1, 1, 0, 0, 0, 101, 1767225600, 1767225600),
  (102, 'tagger', 'availability_impact', 'Availability impact', 'Is the system available? Sets the priority (PRODUCT.md §5)', 'O sistema está disponível?', 1, 1, 0, 0, 0, 102, 1767225600, 1767225600),
  (103, 'tagger', 'escalation_status', 'Escalation status', 'State of the internal escalation, derived (read-only)', 'Status do chamado', 1, 0, 0, 0, 1, 103, 1767225600, 1767225600);
INSERT INTO ticket_field_options (id, field_id, name, value, position) VALUES
  (1001, 101, 'Acesso e login', 'topic_access', 1),
  (1002, 101, 'Pagamentos e faturas', 'topic_billing', 2),
  (1003, 101, 'Relatórios', 'topic_reports', 3),
  (1004, 101, 'Integrações e API', 'topic_integrations', 4),
  (1005, 101, 'Outro assunto', 'topic_other', 5),
  (1011, 102, 'Sistema totalmente indisponível', 'impact_total', 1),
  (1012, 102, 'Sistema parcialmente disponível', 'impact_partial', 2),
  (1013, 102, 'Sistema disponível', 'impact_none', 3),
  (1021, 103, 'Não necessário', 'escalation_not_required', 1),
  (1022, 103, 'Aguardando abertura', 'escalation_awaiting_opening', 2),
  (1023, 103, 'Em andamento', 'escalation_in_progress', 3),
  (1024, 103, 'Concluído', 'escalation_concluded', 4);
-- Admin-added fields start after the shipped range.
UPDATE sqlite_sequence SET seq = 10000 WHERE name = 'ticket_fields';
INSERT INTO sqlite_sequence (name, seq) SELECT 'ticket_fields', 10000 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'ticket_fields');
UPDATE sqlite_sequence SET seq = 10000 WHERE name = 'ticket_field_options';
