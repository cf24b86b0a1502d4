#pragma once
// Online backup and restore of a data directory.
//
// The backup file ("bundle") is a POSIX ustar archive, readable with `tar tvf`/`tar xf`:
//   chamado.db            the database, a consistent snapshot taken with the SQLite online
//                         backup API while the server keeps running
//   chamado.toml          the data dir's config file, when there is one
//   blobs/...             every file under DATA/blobs (attachments; or under storage.dir
//                         when the config names one), when the dir exists; not its tmp/
//   chamado-backup.json   the manifest, always last: {"format":"chamado-backup","version":1,
//                         "created_at", "schema_version", "tickets", "users",
//                         "files":[{"path","bytes","crc32"}]} (crc32: IEEE, 8 hex digits)
// Regular files only; names are relative, at most 255 bytes with a last segment of at most
// 100 (ustar prefix + name; a longer one fails the backup); sizes of
// 8 GiB and more use the GNU base-256 size field (GNU tar and bsdtar read it).
//
// Restore also accepts a plain SQLite database file (e.g. from `sqlite3 db .backup`).
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/time.hpp"

namespace chamado::sqlite {

struct BackupProgress {
  std::string_view phase;  // "snapshot" (copying database pages) or "write" (the bundle)
  std::uint64_t done = 0;  // bytes
  std::uint64_t total = 0;
};
using ProgressFn = std::function<void(const BackupProgress&)>;

struct BackupOptions {
  std::filesystem::path data_dir;
  std::filesystem::path to;  // written as TO.tmp, fsynced, then renamed: never half a file
  Instant created_at{};      // goes into the manifest and the archive's file times
  int step_pages = 256;      // database pages copied per step of the backup API
  // The attachment files (storage.dir); empty: DATA/blobs. Restore puts them in DATA/blobs.
  std::filesystem::path blobs_dir;
};

struct BackupSummary {
  std::int64_t tickets = 0;
  std::int64_t users = 0;
  int schema_version = 0;
  std::uint64_t database_bytes = 0;
  std::uint64_t bytes = 0;  // of the bundle
  std::size_t blob_files = 0;
};

// Errors name the file: a missing data dir or database (kBadRequest), I/O failures
// (kUnavailable). Nothing is left behind on failure.
Result<BackupSummary> Backup(const BackupOptions& opts, const ProgressFn& progress = {});

struct RestoreSummary {
  std::string format;      // "bundle" or "sqlite" (a plain database file)
  std::string created_at;  // from the manifest; empty for a plain database file
  std::int64_t tickets = 0;
  std::int64_t users = 0;
  int schema_version = 0;  // of the restored database; `migrate` or `serve` upgrades an older one
  std::size_t blob_files = 0;
  bool config = false;  // a chamado.toml came with the backup
};

// Restores `from` into `data_dir`, which must be missing or empty (else kBadRequest naming
// it). Verifies every file against the manifest, then the database (PRAGMA integrity_check,
// a schema this binary knows). Files are unpacked into DATA/.restore-partial and moved into
// place only after everything checked out; the database moves last.
Result<RestoreSummary> Restore(const std::filesystem::path& from, const std::filesystem::path& data_dir);

}  // namespace chamado::sqlite
