-- E-mail (issue 7, docs/email.md). mail_outbox: every notification, written in the
-- transaction of the change that caused it and drained by the outbox worker (states queued,
-- sending, sent, dead, bounced). mail_messages: every Message-ID we sent or received, what
-- threading looks up, with the rule that placed each inbound message. suspended_tickets: mail
-- held for an agent. mail_links: signed e-mail links (self-help, satisfaction), by token hash.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY,
  ticket_id INTEGER,
  audit_id INTEGER,
  kind TEXT NOT NULL,
  recipient_user_id INTEGER,
  to_address TEXT NOT NULL,
  to_name TEXT NOT NULL DEFAULT '',
  from_address TEXT NOT NULL,
  from_name TEXT NOT NULL DEFAULT '',
  reply_to TEXT NOT NULL DEFAULT '',
  locale TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL DEFAULT '',
  message_id TEXT NOT NULL UNIQUE,
  in_reply_to TEXT NOT NULL DEFAULT '',
  refs TEXT NOT NULL DEFAULT '',  -- space-separated Message-IDs, oldest first
  auto_submitted INTEGER NOT NULL DEFAULT 1,
  state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'dead', 'bounced')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  claimed_until INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox(state, next_attempt_at);
CREATE INDEX mail_outbox_ticket ON mail_outbox(ticket_id, id);
CREATE INDEX mail_outbox_to ON mail_outbox(to_address, kind, created_at);

CREATE TABLE mail_messages (
  id INTEGER PRIMARY KEY,
  message_id TEXT NOT NULL UNIQUE,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  ticket_id INTEGER,
  comment_id INTEGER,
  outbox_id INTEGER,
  from_address TEXT NOT NULL DEFAULT '',
  subject TEXT NOT NULL DEFAULT '',
  thread_index TEXT NOT NULL DEFAULT '',
  rule TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
CREATE INDEX mail_messages_ticket ON mail_messages(ticket_id, id);
CREATE INDEX mail_messages_thread_index ON mail_messages(thread_index) WHERE thread_index <> '';
CREATE INDEX mail_messages_sender ON mail_messages(from_address, created_at) WHERE direction = 'in';

CREATE TABLE suspended_tickets (
  id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL DEFAULT '',
  author_email TEXT NOT NULL DEFAULT '',
  author_name TEXT NOT NULL DEFAULT '',
  cause TEXT NOT NULL,
  message_id TEXT NOT NULL DEFAULT '',
  raw_sha256 TEXT NOT NULL,
  raw_size INTEGER NOT NULL,
  recipient TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);

CREATE TABLE mail_links (
  id INTEGER PRIMARY KEY,
  token_sha256 TEXT NOT NULL UNIQUE,
  purpose TEXT NOT NULL,
  ticket_id INTEGER NOT NULL,
  user_id INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_action TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL
);
