#include "adapters/mail/mail_spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace chamado::mail {

Result<std::string> FileMailSpool::Write(std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  std::string path = dir_ + "/mail-XXXXXX";
  const int fd = ::mkstemp(path.data());  // O_EXCL, mode 0600
  if (fd < 0) return Fail(Error::Unavailable("cannot spool mail in " + dir_ + ": " + std::strerror(errno)));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string err = std::strerror(errno);
      ::close(fd);
      ::unlink(path.c_str());
      return Fail(Error::Unavailable("cannot spool mail in " + dir_ + ": " + err));
    }
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return path;
}

void FileMailSpool::Remove(const std::string& path) { ::unlink(path.c_str()); }

}  // namespace chamado::mail
