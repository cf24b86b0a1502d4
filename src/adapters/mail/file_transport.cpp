// "Sending" to .eml files: see file_transport.hpp.
#include "adapters/mail/file_transport.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "adapters/mail/mime_build.hpp"

namespace chamado::mail {

FileTransport::FileTransport(std::filesystem::path dir, app::Logger* log) : dir_(std::move(dir)), log_(log) {}

std::string FileTransport::Describe() const { return "files in " + dir_.string(); }

Result<void> FileTransport::Send(const OutboundEmail& m) {
  const std::string bytes = BuildMime(m);
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) return Fail(Error::Unavailable("mail-out: " + dir_.string() + ": " + ec.message()));
  const std::string name = std::to_string(UnixSeconds(m.created_at)) + "-" + std::to_string(m.id) + ".eml";
  const auto final_path = dir_ / name;
  const auto tmp = dir_ / ("." + name + ".tmp");
  auto fail = [&](const char* what) {
    const std::string e = std::string("mail-out: ") + what + " " + tmp.string() + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return Fail(Error::Unavailable(e));
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) return fail("open");
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return fail("write");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    return fail("fsync");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), final_path.c_str()) != 0) return fail("rename");
  if (log_) log_->Info("mail_written", final_path.string() + " to " + m.to_address + ": " + m.subject);
  return {};
}

}  // namespace chamado::mail
