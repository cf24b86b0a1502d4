#pragma once
// Wiring of the attachment adapters (issue 5), for main.cpp.
//
//   auto blobs = MakeBlobServices(*settings, c.data, opened->pg);   // after OpenStore
//   if (!blobs) return Die(blobs.error().description);               // a startup error
//   blobs->store        app::BlobStore&       (never null)
//   blobs->file_types   app::FileTypeDetector& (never null; libmagic)
//   blobs->scanner      app::VirusScanner*    (null when clamd.address is empty: no scan)
//   blobs->where        one line for the startup log ("attachments in postgresql, clamd unix:/…")
//   blobs->warnings     lines to log as warnings (e.g. clamd not answering at startup)
//
// storage.backend: "local" keeps blobs in storage.dir (default DATA/blobs); "postgresql"
// keeps them in the PostgreSQL store's database (an error with the SQLite store); "auto" is
// postgresql on a PostgreSQL store, else local.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "adapters/config/settings.hpp"
#include "app/blobs.hpp"

namespace chamado {

namespace postgres {
class PgStore;
}

struct BlobServices {
  std::unique_ptr<app::BlobStore> store;
  std::unique_ptr<app::FileTypeDetector> file_types;
  std::unique_ptr<app::VirusScanner> scanner;  // null: no virus scan configured
  std::string backend;                         // "local" or "postgresql", as resolved
  std::string where;
  std::vector<std::string> warnings;
};

// `pg`: the PostgreSQL store when the help desk runs on one (OpenedStore::pg), else null.
Result<BlobServices> MakeBlobServices(const config::Settings& settings, const std::filesystem::path& data_dir,
                                      postgres::PgStore* pg);

// "local" or "postgresql": what storage.backend means with this store (auto resolved).
std::string BlobBackend(const config::Settings& settings, bool on_postgres);

// The local backend's directory: storage.dir, else DATA/blobs.
std::filesystem::path LocalBlobDir(const config::Settings& settings, const std::filesystem::path& data_dir);

}  // namespace chamado
