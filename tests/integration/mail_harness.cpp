#include "mail_harness.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "harness.hpp"

namespace it::mail {
namespace fs = std::filesystem;
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string Lower(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return o;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int B64(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string DecodeB(std::string_view s) {
  std::string out;
  int bits = 0, acc = 0;
  for (char c : s) {
    int v = B64(c);
    if (v < 0) continue;
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string DecodeQ(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      out.push_back(' ');
    } else if (s[i] == '=' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// RFC 2047: =?charset?B|Q?text?= words (charset assumed UTF-8 or ASCII: what we send);
// whitespace between two encoded words is dropped.
std::string Decode2047(const std::string& v) {
  std::string out;
  std::size_t i = 0;
  bool last_encoded = false;
  std::string pending_space;
  while (i < v.size()) {
    if (v.compare(i, 2, "=?") == 0) {
      auto q1 = v.find('?', i + 2);
      auto q2 = q1 == std::string::npos ? q1 : v.find('?', q1 + 1);
      auto end = q2 == std::string::npos ? q2 : v.find("?=", q2 + 1);
      if (end != std::string::npos) {
        const char enc = static_cast<char>(std::toupper(static_cast<unsigned char>(v[q1 + 1])));
        const std::string_view text(v.data() + q2 + 1, end - q2 - 1);
        if (!last_encoded) out += pending_space;
        out += enc == 'B' ? DecodeB(text) : DecodeQ(text);
        pending_space.clear();
        last_encoded = true;
        i = end + 2;
        continue;
      }
    }
    if (v[i] == ' ' || v[i] == '\t') {
      pending_space.push_back(v[i]);
    } else {
      out += pending_space;
      pending_space.clear();
      out.push_back(v[i]);
      last_encoded = false;
    }
    ++i;
  }
  return out + pending_space;
}

}  // namespace

bool Available() { return !Dir().empty(); }
std::string Dir() { return Env("CHAMADO_TEST_MAIL"); }
int SmtpPort() { return std::atoi(Env("CHAMADO_TEST_MAIL_SMTP_PORT").c_str()); }
int ImapPort() { return std::atoi(Env("CHAMADO_TEST_MAIL_IMAP_PORT").c_str()); }
std::string SmtpUrl() { return "smtp://127.0.0.1:" + std::to_string(SmtpPort()); }

Message ParseMessage(std::string raw, std::string path) {
  Message m;
  m.raw = std::move(raw);
  m.path = std::move(path);
  return m;
}

std::string Message::Header(std::string_view name) const {
  const std::string want = Lower(name) + ":";
  std::istringstream in(raw);
  std::string line, value;
  bool found = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // end of the headers
    if (found) {
      if (line[0] == ' ' || line[0] == '\t') {
        value += line;
        continue;
      }
      break;
    }
    if (Lower(line.substr(0, want.size())) == want) {
      found = true;
      value = line.substr(want.size());
    }
  }
  if (!found) return "";
  const auto b = value.find_first_not_of(" \t");
  return b == std::string::npos ? "" : Decode2047(value.substr(b));
}

std::string Message::MessageId() const {
  std::string id = Header("Message-ID");
  if (!id.empty() && id.front() == '<') id.erase(0, 1);
  if (!id.empty() && id.back() == '>') id.pop_back();
  return id;
}

std::string Message::Body() const {
  auto p = raw.find("\r\n\r\n");
  if (p != std::string::npos) return raw.substr(p + 4);
  p = raw.find("\n\n");
  return p == std::string::npos ? "" : raw.substr(p + 2);
}

std::vector<Message> Maildir(std::string_view user) {
  std::vector<std::pair<std::string, fs::path>> files;
  const fs::path base = fs::path(Dir()) / "mail" / "customer.test" / std::string(user) / "Maildir";
  for (const char* sub : {"new", "cur"}) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(base / sub, ec)) files.emplace_back(e.path().filename(), e.path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Message> out;
  for (const auto& [name, path] : files) out.push_back(ParseMessage(ReadFile(path), path.string()));
  return out;
}

std::vector<Message> WithMessageId(const std::vector<Message>& all, std::string_view message_id) {
  std::vector<Message> out;
  for (const auto& m : all)
    if (m.MessageId() == message_id) out.push_back(m);
  return out;
}

std::vector<Message> WaitForMessageId(std::string_view user, std::string_view message_id,
                                      std::chrono::milliseconds timeout) {
  auto all = WaitMaildir(
      user, [&](const std::vector<Message>& ms) { return !WithMessageId(ms, message_id).empty(); }, timeout);
  return WithMessageId(all, message_id);
}

namespace {
bool PortOpen(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}
bool WaitPort(bool open) {
  for (int i = 0; i < 100; ++i) {
    if (PortOpen(SmtpPort()) == open) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}
}  // namespace

bool StopSmtp() {
  int rc = -1;
  Shell("postfix -c '" + Dir() + "/postfix' stop 2>&1", &rc);
  return rc == 0 && WaitPort(false);
}

bool StartSmtp() {
  int rc = -1;
  Shell("postfix -c '" + Dir() + "/postfix' start 2>&1", &rc);
  return rc == 0 && WaitPort(true);
}

void SetMailgate(const std::string& url, const std::string& token) {
  // Postfix runs the mailgate as user vmail, who may not reach the build tree (a private
  // checkout): it runs a copy of this test's binary inside the mail dir, refreshed when rebuilt.
  const fs::path bin = fs::path(Dir()) / "bin" / "chamado";
  std::error_code ec;
  if (!fs::exists(bin, ec) || fs::last_write_time(bin, ec) < fs::last_write_time(CHAMADO_BINARY, ec) ||
      fs::file_size(bin, ec) != fs::file_size(CHAMADO_BINARY, ec)) {
    const fs::path tmp = bin.string() + ".tmp";
    fs::copy_file(CHAMADO_BINARY, tmp, fs::copy_options::overwrite_existing, ec);
    fs::permissions(tmp,
                    fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                        fs::perms::others_exec,
                    ec);
    fs::rename(tmp, bin, ec);
  }
  std::ofstream(fs::path(Dir()) / "mailgate-bin") << bin.string() << "\n";
  std::ofstream(fs::path(Dir()) / "mailgate-url") << url << "\n";
  std::ofstream(fs::path(Dir()) / "mailgate-token") << token << "\n";
}

std::string SendSmtp(const std::string& from, const std::string& to, const std::string& raw) {
  // curl speaks SMTP well enough for a test client; the message goes through a temp file.
  const std::string tmp = MakeTempDir("chamado-smtp") + "/msg.eml";
  std::ofstream(tmp, std::ios::binary) << raw;
  int rc = -1;
  const std::string out = Shell("curl -sS --url '" + SmtpUrl() + "' --mail-from '" + from + "' --mail-rcpt '" + to +
                                    "' --upload-file '" + tmp + "' 2>&1",
                                &rc);
  fs::remove_all(fs::path(tmp).parent_path());
  return rc == 0 ? "" : (out.empty() ? "curl exit " + std::to_string(rc) : out);
}

}  // namespace it::mail
