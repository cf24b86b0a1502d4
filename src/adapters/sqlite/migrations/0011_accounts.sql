-- Accounts and sign-in (issue 8, docs/accounts.md). Secrets are never stored: sessions,
-- one-time e-mail tokens and API tokens are kept as the SHA-256 (hex) of the random value the
-- client holds. Times are unix seconds (UTC).

-- A customer's notification preferences (account mails are always sent).
ALTER TABLE users ADD COLUMN notify_email INTEGER NOT NULL DEFAULT 1;
ALTER TABLE users ADD COLUMN notify_whatsapp INTEGER NOT NULL DEFAULT 0;
-- SSO upserts end users by external_id.
CREATE INDEX users_external_id ON users(external_id) WHERE external_id IS NOT NULL;

-- API tokens: what they are for, and their last use (written at most once per few minutes).
-- A revoked token (revoked_at set) never authenticates.
ALTER TABLE api_tokens ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;
CREATE INDEX api_tokens_user ON api_tokens(user_id, id);

-- Browser sessions. AUTOINCREMENT: a session id is never handed out again, so ending a
-- session by id never ends a newer one.
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  token_sha256 TEXT NOT NULL UNIQUE,
  via TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
-- The sweep of expired sessions (idle or too old).
CREATE INDEX sessions_last_seen ON sessions(last_seen_at);
CREATE INDEX sessions_created ON sessions(created_at);

-- One-time links of account mails: e-mail verification (with the password chosen at sign-up,
-- applied when the link is used) and password reset.
CREATE TABLE account_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL REFERENCES users(id),
  purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset')),
  token_sha256 TEXT NOT NULL UNIQUE,
  pending_password_hash TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER
);
CREATE INDEX account_tokens_user ON account_tokens(user_id, purpose);

-- The audit log of sign-ins and token use, and what the throttles count (per e-mail and per
-- IP, by kind, since a time). user_id is null when the e-mail is unknown.
CREATE TABLE auth_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  actor_id INTEGER REFERENCES users(id),
  kind TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX auth_events_email ON auth_events(email, kind, at);
CREATE INDEX auth_events_ip ON auth_events(ip, kind, at);
CREATE INDEX auth_events_user ON auth_events(user_id, id);
-- Work a request recorded and a background pass does (forgot-password mails: the request
-- answers in the same time whether or not the address is known).
CREATE INDEX auth_events_pending ON auth_events(kind, id) WHERE detail = 'pending';

-- JWT ids seen (replay protection of SSO); rows past the clock skew are deleted on the way.
CREATE TABLE jwt_ids (
  jti TEXT PRIMARY KEY,
  at INTEGER NOT NULL
);
CREATE INDEX jwt_ids_at ON jwt_ids(at);

-- The LGPD export: the tickets a person commented on.
CREATE INDEX comments_author ON comments(author_id, ticket_id);
