-- Attachments (issue 5; docs/attachments.md). A file arrives through POST /uploads and joins a
-- pending upload (a token, up to attachments.max_files files); a comment that names the token
-- takes its files (ticket_id, comment_id set) and the upload row goes. Unattached uploads expire
-- (expires_at) and are deleted with their files. The bytes live in a content-addressed blob
-- store (app/blobs.hpp) under their SHA-256; attachments only name the blob.
CREATE TABLE uploads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  token TEXT NOT NULL UNIQUE,
  uploader_id INTEGER NOT NULL REFERENCES users(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
-- The expiry sweep: oldest deadline first.
CREATE INDEX uploads_expiring ON uploads(expires_at, id);

CREATE TABLE attachments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  upload_token TEXT NOT NULL,
  uploader_id INTEGER NOT NULL REFERENCES users(id),
  ticket_id INTEGER REFERENCES tickets(id),
  comment_id INTEGER REFERENCES comments(id),
  file_name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  sha256 TEXT NOT NULL,          -- '' once redacted
  width INTEGER,
  height INTEGER,
  is_inline INTEGER NOT NULL DEFAULT 0,
  redacted INTEGER NOT NULL DEFAULT 0,
  malware_scan_result TEXT NOT NULL DEFAULT 'not_scanned',
  created_at INTEGER NOT NULL
);
-- An upload's files (pending ones: comment_id IS NULL).
CREATE INDEX attachments_token ON attachments(upload_token, id);
-- A page of comments' files in one query.
CREATE INDEX attachments_comment ON attachments(comment_id, id) WHERE comment_id IS NOT NULL;
-- Is a blob still referred to? (deleting the last reference deletes the bytes)
CREATE INDEX attachments_sha ON attachments(sha256) WHERE sha256 <> '';

-- One row per blob the attachments refer to: the lock that orders "a new reference to a blob"
-- against "the last reference went, delete the bytes" (app/attachments.cpp, "Blob lifetime").
CREATE TABLE attachment_blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  created_at INTEGER NOT NULL
);
