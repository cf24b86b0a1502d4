#include "main/blobs_wiring.hpp"

#include <stdexcept>

#include "adapters/blob/local_blob_store.hpp"
#include "adapters/clamd/clamd_scanner.hpp"
#include "adapters/filetype/magic_detector.hpp"
#include "adapters/postgres/blob_store.hpp"
#include "adapters/postgres/store.hpp"

namespace chamado {

std::string BlobBackend(const config::Settings& settings, bool on_postgres) {
  if (settings.storage_backend == "auto") return on_postgres ? "postgresql" : "local";
  return settings.storage_backend;
}

std::filesystem::path LocalBlobDir(const config::Settings& settings, const std::filesystem::path& data_dir) {
  if (!settings.storage_dir.empty()) return settings.storage_dir;
  return data_dir / "blobs";
}

Result<BlobServices> MakeBlobServices(const config::Settings& settings, const std::filesystem::path& data_dir,
                                      postgres::PgStore* pg) {
  BlobServices out;
  out.backend = BlobBackend(settings, pg != nullptr);
  if (out.backend == "postgresql") {
    if (!pg)
      return Fail(Error::BadRequest(
          "storage.backend = \"postgresql\" needs the PostgreSQL store (store.db or --db); this help desk runs on "
          "SQLite: use \"local\" or \"auto\""));
    out.store = std::make_unique<postgres::PgBlobStore>(*pg);
    out.where = "attachments in postgresql";
  } else {
    const auto dir = LocalBlobDir(settings, data_dir);
    try {
      out.store = std::make_unique<blob::LocalBlobStore>(dir);
    } catch (const std::exception& e) {
      return Fail(Error::BadRequest(std::string("storage.dir: ") + e.what()));
    }
    out.where = "attachments in " + dir.string();
    // Several nodes on one database must all read every file.
    if (pg)
      out.warnings.push_back("storage.backend = \"local\" on PostgreSQL: every node must reach " + dir.string() +
                             " (a shared directory), or attachments stored by one node are missing on the others");
  }
  try {
    out.file_types = std::make_unique<filetype::MagicFileTypeDetector>();
  } catch (const std::exception& e) {
    return Fail(Error::BadRequest(std::string("file types: ") + e.what()));
  }
  if (!settings.clamd_address.empty()) {
    try {
      auto scanner = std::make_unique<clamd::ClamdScanner>(
          clamd::ClamdOptions{settings.clamd_address, std::chrono::milliseconds(settings.clamd_timeout_ms)});
      // Not fatal: clamd may come up after us; until then every upload is refused.
      if (auto why = scanner->Ping(); !why.empty())
        out.warnings.push_back("clamd.address " + settings.clamd_address + ": " + why +
                               " (uploads are refused until it answers)");
      out.scanner = std::move(scanner);
    } catch (const std::invalid_argument& e) {
      return Fail(Error::BadRequest(std::string("clamd.address: ") + e.what()));
    }
    out.where += ", virus scan by clamd " + settings.clamd_address;
  } else {
    out.where += ", no virus scan";
  }
  return out;
}

}  // namespace chamado
