#pragma once
// `chamado store copy --from sqlite:DATA_DIR --to postgresql://...`: moving house from the
// embedded SQLite store to PostgreSQL, while the SQLite server may keep running.
//
// The source is read inside one read transaction (in WAL mode a consistent snapshot that
// blocks no writer). The target is migrated, must be an empty help desk (no users, no
// tickets) at the source's schema version, and receives every table the two schemas share
// (found at run time; bookkeeping, FTS shadow tables and the manual clock excepted), parents
// before children, through COPY FROM STDIN, all in one PostgreSQL transaction. Before COMMIT
// every table is read back inside that transaction and compared with the source snapshot
// (row count and SHA-256 of the rows in key order); any difference rolls everything back.
#include <string>

namespace chamado {

//
// Attachment files: unless `copy_blobs` is false, every blob of the source's blob directory
// (storage.dir from the source's chamado.toml, else DATA/blobs) goes into the target's
// blob_objects/blob_chunks in the same transaction (storage.backend = postgresql, the default
// on PostgreSQL), each read back and checked against its SHA-256 name before COMMIT.
//
// Copies the SQLite help desk `from` ("sqlite:DATA_DIR", or "sqlite:FILE.db") into the
// PostgreSQL database `to`. Prints a progress line per table on stderr and, on success, the
// table of counts and checksums, the elapsed time and the next ids on stdout.
// Returns the exit code: 0; 2 when refused before anything was written (usage, missing or
// corrupt source, unreachable or non-empty target, schema versions differ); 1 when the copy
// failed or did not verify (rolled back; the message names the table or file).
int RunStoreCopy(const std::string& from, const std::string& to, bool copy_blobs = true);

// `url` with its password (if any) replaced by *** — for messages and logs.
std::string RedactedUrl(std::string url);

}  // namespace chamado
