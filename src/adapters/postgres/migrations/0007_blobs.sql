-- Attachment bytes in the database (storage.backend = postgresql, the default on this store),
-- so that every node reads every file. A blob is named by the SHA-256 of its bytes (lower-case
-- hex) and stored once however many attachments refer to it; its bytes are cut into chunks
-- of 256 KiB (adapters/postgres/blob_store.cpp), so neither side ever holds a whole file.
-- The object row is written last, in the chunks' transaction: a blob is complete or absent.
-- PostgreSQL only: on SQLite the bytes live in files (DATA/blobs); `chamado store copy` fills
-- these tables from those files.
CREATE TABLE blob_objects (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE blob_chunks (
  sha256 TEXT NOT NULL,
  seq INTEGER NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (sha256, seq)
);

-- Most attachments are compressed already (PNG, JPEG, PDF, Office zips): out of line, and
-- no pglz attempt on every chunk.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
