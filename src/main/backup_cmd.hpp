#pragma once
// `chamado backup` and `chamado restore`: the terminal side (progress, summary, exit codes)
// of the sqlite adapter's online backup.
#include <string>

namespace chamado {

// Backs up the data dir `data` into the file `to` while the server may keep running,
// copying `step_pages` database pages per step, with the attachment files of `blobs_dir`
// (storage.dir; empty: DATA/blobs).
// Prints a progress bar on stderr when it is a terminal and one summary line on stdout.
// Returns the exit code: 0, or 2 with a one-line message naming the file.
int RunBackup(const std::string& data, const std::string& to, int step_pages, const std::string& blobs_dir = "");

// Restores the backup `from` into the missing or empty data dir `data`, verifies it and
// prints one summary line. Returns 0, or 2 with a one-line message naming the file or dir.
int RunRestore(const std::string& from, const std::string& data);

}  // namespace chamado
