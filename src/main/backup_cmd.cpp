#include "main/backup_cmd.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "adapters/clock/clock.hpp"
#include "adapters/sqlite/backup.hpp"
#include "adapters/sqlite/store.hpp"

namespace chamado {
namespace {

constexpr int kFailure = 2;

int Refuse(const Error& e) {
  std::cerr << "chamado: " << e.description << "\n";
  return kFailure;
}

std::string Mib(std::uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

// A one-line bar redrawn in place on a terminal, at most ten times a second.
class ProgressBar {
 public:
  void Show(const sqlite::BackupProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    const bool last = p.done >= p.total;
    if (!last && now - drawn_ < std::chrono::milliseconds(100)) return;
    drawn_ = now;
    constexpr int kWidth = 30;
    const double frac = p.total ? static_cast<double>(p.done) / static_cast<double>(p.total) : 1.0;
    const int filled = static_cast<int>(frac * kWidth);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '-');
    std::fprintf(stderr, "\rbackup %-8s [%s] %3d%%  %s / %s   ", std::string(p.phase).c_str(), bar.c_str(),
                 static_cast<int>(frac * 100), Mib(p.done).c_str(), Mib(p.total).c_str());
    std::fflush(stderr);
    shown_ = true;
  }
  ~ProgressBar() {
    if (shown_) std::fputc('\n', stderr);
  }

 private:
  std::chrono::steady_clock::time_point drawn_{};
  bool shown_ = false;
};

}  // namespace

int RunBackup(const std::string& data, const std::string& to, int step_pages, const std::string& blobs_dir) {
  sqlite::BackupOptions opts;
  opts.data_dir = data;
  opts.blobs_dir = blobs_dir;
  opts.to = to;
  opts.created_at = clock::SystemClock().Now();
  opts.step_pages = step_pages;
  const auto started = std::chrono::steady_clock::now();
  Result<sqlite::BackupSummary> r;
  {
    ProgressBar bar;
    sqlite::ProgressFn progress;
    if (::isatty(STDERR_FILENO)) progress = [&bar](const sqlite::BackupProgress& p) { bar.Show(p); };
    r = sqlite::Backup(opts, progress);
  }
  if (!r) return Refuse(r.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.1f s", secs);
  std::cout << "backup " << to << ": " << r->tickets << " tickets, " << r->users << " users, " << r->blob_files
            << " attachment files, schema version " << r->schema_version << ", " << Mib(r->bytes) << " in " << took
            << "\n";
  return 0;
}

int RunRestore(const std::string& from, const std::string& data) {
  auto r = sqlite::Restore(from, data);
  if (!r) return Refuse(r.error());
  std::cout << "restored " << from << " into " << data << ": " << r->tickets << " tickets, " << r->users << " users, "
            << r->blob_files << " attachment files" << (r->config ? ", chamado.toml" : "")
            << "; integrity ok, schema version " << r->schema_version
            << (r->schema_version < sqlite::LatestMigration() ? " (migrate or serve upgrades it)" : "")
            << (r->created_at.empty() ? "" : "; taken " + r->created_at) << "\n";
  return 0;
}

}  // namespace chamado
