#include "harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace it {
namespace fs = std::filesystem;

std::string F(std::string_view tmpl, std::initializer_list<std::string> args) {
  std::string out;
  auto arg = args.begin();
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 1 < tmpl.size() && tmpl[i + 1] == '}' && arg != args.end()) {
      out += *arg++;
      ++i;
    } else {
      out.push_back(tmpl[i]);
    }
  }
  return out;
}

bool DetailsName(const Response& r, const std::string& field) {
  const auto& d = r["details"];
  return d.is_object() && d.as_object().contains(field);
}

std::string CliResult::LastLine() const {
  std::string s = out;
  while (!s.empty() && s.back() == '\n') s.pop_back();
  auto nl = s.rfind('\n');
  return nl == std::string::npos ? s : s.substr(nl + 1);
}

std::string MakeTempDir(const std::string& prefix) {
  std::string tmpl = (fs::temp_directory_path() / (prefix + ".XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

namespace {

// A server closing a connection mid-request must fail that request, not kill the test
// binary with SIGPIPE (cpp-httplib writes without MSG_NOSIGNAL).
const bool kIgnoreSigpipe = [] {
  signal(SIGPIPE, SIG_IGN);
  return true;
}();

std::string ReadFile(const std::string& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<char*> Argv(std::vector<std::string>& args) {
  std::vector<char*> v;
  for (auto& a : args) v.push_back(a.data());
  v.push_back(nullptr);
  return v;
}

// CHAMADO_TEST_PG without trailing slashes; empty on SQLite.
std::string PgServer() {
  const char* v = std::getenv("CHAMADO_TEST_PG");
  std::string s = v ? v : "";
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// Notices such as "database ... does not exist, skipping" are not for the test output.
void IgnoreNotice(void*, const char*) {}

// Runs `sql` on the server's maintenance database; returns libpq's error, empty on success.
std::string PgAdmin(const std::string& sql) {
  PGconn* conn = PQconnectdb((PgServer() + "/postgres").c_str());
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  std::string err;
  if (PQstatus(conn) != CONNECTION_OK) {
    err = PQerrorMessage(conn);
  } else {
    PGresult* res = PQexec(conn, sql.c_str());
    if (PQresultStatus(res) != PGRES_COMMAND_OK) err = PQresultErrorMessage(res);
    PQclear(res);
  }
  PQfinish(conn);
  while (!err.empty() && err.back() == '\n') err.pop_back();
  return err;
}

// Creates database it_<pid>_<n> before each test and points CHAMADO_STORE_DB at it, which
// every child process (serve, CLI commands) inherits; drops it after the test.
class FreshDatabasePerTest : public testing::EmptyTestEventListener {
  void OnTestStart(const testing::TestInfo&) override {
    db_ = "it_" + std::to_string(getpid()) + "_" + std::to_string(++count_);
    // Set even if the create fails: the test must then fail, never fall back to SQLite.
    setenv("CHAMADO_STORE_DB", (PgServer() + "/" + db_).c_str(), 1);
    // A leftover of an earlier process with the same pid (killed by a timeout) goes first.
    std::string err = PgAdmin("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)");
    if (err.empty()) err = PgAdmin("CREATE DATABASE " + db_);
    if (!err.empty()) ADD_FAILURE() << "cannot create database " << db_ << " on " << PgServer() << ": " << err;
  }
  void OnTestEnd(const testing::TestInfo&) override {
    // FORCE: a server the test left running must not keep the database alive.
    if (auto err = PgAdmin("DROP DATABASE IF EXISTS " + db_ + " WITH (FORCE)"); !err.empty())
      std::fprintf(stderr, "warning: cannot drop database %s: %s\n", db_.c_str(), err.c_str());
    unsetenv("CHAMADO_STORE_DB");
  }

  std::string db_;
  int count_ = 0;
};

}  // namespace

bool OnPostgres() { return !PgServer().empty(); }

void UseAFreshDatabasePerTest() {
  if (OnPostgres())
    testing::UnitTest::GetInstance()->listeners().Append(new FreshDatabasePerTest);
  else
    unsetenv("CHAMADO_STORE_DB");  // a stray one from the shell must not turn a SQLite run into another
}

CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text) {
  std::string dir = MakeTempDir("chamado-cli");
  std::string in_path = dir + "/in", out_path = dir + "/out", err_path = dir + "/err";
  { std::ofstream(in_path) << stdin_text; }
  std::vector<std::string> full{CHAMADO_BINARY};
  full.insert(full.end(), args.begin(), args.end());
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    auto argv = Argv(full);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // A command that should exit but serves instead (say, a config it did not read) must fail
  // the test in a minute, not hang it until ctest's timeout.
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ADD_FAILURE() << "chamado " << (args.empty() ? "" : args[0]) << " still running after 60 s; killed";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  fs::remove_all(dir);
  return r;
}

Server::Server(std::vector<std::string> extra_args, std::string data_dir) : extra_(std::move(extra_args)) {
  if (data_dir.empty()) {
    data_ = MakeTempDir("chamado-it") + "/data";
    own_data_ = true;
  } else {
    data_ = std::move(data_dir);
  }
  Start();
}

Server::~Server() {
  if (pid_ > 0) Stop();
  if (own_data_) fs::remove_all(fs::path(data_).parent_path());
  if (!err_path_.empty()) fs::remove_all(fs::path(err_path_).parent_path());
}

std::string Server::stderr_text() const { return ReadFile(err_path_); }

void Server::Start() {
  int out_pipe[2];
  if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
  if (err_path_.empty()) err_path_ = MakeTempDir("chamado-err") + "/stderr.log";
  std::vector<std::string> args{CHAMADO_BINARY, "serve", "--data", data_, "--listen", "127.0.0.1:0"};
  bool has_clock = false;
  for (const auto& a : extra_) has_clock |= a.starts_with("--clock");
  if (!has_clock) args.push_back("--clock=manual");
  args.insert(args.end(), extra_.begin(), extra_.end());
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out_pipe[1], 1);
    close(out_pipe[0]);
    int err = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(err, 2);
    auto argv = Argv(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  // The first line on stdout is "listening on http://HOST:PORT".
  std::string line;
  char c;
  while (read(out_pipe[0], &c, 1) == 1 && c != '\n') line.push_back(c);
  close(out_pipe[0]);
  auto colon = line.rfind(':');
  if (line.rfind("listening on http://", 0) != 0 || colon == std::string::npos) {
    int st = 0;
    waitpid(pid_, &st, 0);
    pid_ = -1;
    throw std::runtime_error("server did not start: '" + line + "' stderr: " + stderr_text());
  }
  port_ = std::stoi(line.substr(colon + 1));
}

void Server::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int st = 0;
  waitpid(pid_, &st, 0);
  last_exit_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  pid_ = -1;
}

void Server::Kill9() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int st = 0;
  waitpid(pid_, &st, 0);
  last_exit_ = 128 + SIGKILL;
  pid_ = -1;
}

std::int64_t Server::AddUser(const std::string& email, const std::string& name, const std::string& role) {
  auto r = RunCli({"admin", "user", "add", "--data", data_, "--email", email, "--name", name, "--role", role});
  if (r.exit_code != 0) throw std::runtime_error("user add failed: " + r.err);
  return json::parse(r.LastLine()).at("user").at("id").as_int64();
}

std::string Server::Token(const std::string& email) {
  auto r = RunCli({"admin", "token", "add", "--data", data_, "--email", email});
  if (r.exit_code != 0) throw std::runtime_error("token add failed: " + r.err);
  return r.LastLine();
}

std::string Response::Header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  return "";
}

const json::value& Response::operator[](const char* key) const {
  static const json::value null_value;
  if (!json.is_object()) return null_value;
  auto* v = json.as_object().if_contains(key);
  return v ? *v : null_value;
}

Client::Client(const Server& s, std::string email, std::string token) : s_(s) {
  if (!email.empty()) {
    auth_ = httplib::make_basic_authentication_header(email + "/token", token).second;
  }
}

Response Client::Get(const std::string& path) { return Send("GET", path, ""); }
Response Client::Post(const std::string& path, const std::string& body) { return Send("POST", path, body); }
Response Client::Put(const std::string& path, const std::string& body) { return Send("PUT", path, body); }
Response Client::Delete(const std::string& path) { return Send("DELETE", path, ""); }

Response Client::Send(const std::string& method, const std::string& path, const std::string& body,
                      const httplib::Headers& extra) {
  httplib::Client cli("127.0.0.1", s_.port());
  cli.set_tcp_nodelay(true);
  cli.set_read_timeout(30, 0);
  httplib::Headers h = extra;
  if (!auth_.empty()) h.emplace("Authorization", auth_);
  httplib::Request req;
  req.method = method;
  req.path = path;
  req.headers = h;
  req.body = body;
  if (!body.empty() && !req.has_header("Content-Type")) req.set_header("Content-Type", "application/json");
  auto res = cli.send(req);
  Response r;
  if (!res) {
    r.status = -1;
    return r;
  }
  r.status = res->status;
  r.body = res->body;
  r.headers = res->headers;
  boost::system::error_code ec;
  r.json = json::parse(r.body, ec);
  if (ec) r.json = nullptr;
  return r;
}

Desk::Desk() {
  admin_id = server.AddUser("admin@test.example", "Admin", "admin");
  agent_id = server.AddUser("agent@test.example", "Agent Smith", "agent");
  alice_id = server.AddUser("alice@customer.example", "Alice", "end-user");
  bob_id = server.AddUser("bob@customer.example", "Bob", "end-user");
  admin_token = server.Token("admin@test.example");
  agent_token = server.Token("agent@test.example");
  alice_token = server.Token("alice@customer.example");
  bob_token = server.Token("bob@customer.example");
}

std::int64_t Desk::NewTicket(const std::string& requester_email, const std::string& subject,
                             const std::string& extra_fields) {
  json::object t{{"subject", subject},
                 {"comment", {{"body", "Body of " + subject}}},
                 {"requester", {{"name", "R"}, {"email", requester_email}}}};
  std::string body = json::serialize(json::object{{"ticket", t}});
  if (!extra_fields.empty()) body.insert(body.size() - 2, "," + extra_fields);
  auto r = Agent().Post("/api/v2/tickets.json", body);
  if (r.status != 201) throw std::runtime_error("ticket create failed: " + r.body);
  return r["ticket"].at("id").as_int64();
}

// ---------------------------------------------------------------- RawConn, Shell

RawConn::RawConn(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd_);
    fd_ = -1;
    return;
  }
  // A send the server never drains fails (Send returns false) instead of hanging the test.
  timeval tv{30, 0};
  setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

bool RawConn::Readable(int timeout_ms) {
  if (!buf_.empty()) return true;
  if (fd_ < 0) return false;
  pollfd p{fd_, POLLIN, 0};
  return poll(&p, 1, timeout_ms) > 0;
}

RawConn::~RawConn() {
  if (fd_ >= 0) close(fd_);
}

bool RawConn::Send(const std::string& bytes) {
  std::size_t off = 0;
  while (off < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
    if (n <= 0) return false;
    off += static_cast<std::size_t>(n);
  }
  return true;
}

bool RawConn::Fill(int timeout_ms) {
  if (fd_ < 0 || timeout_ms <= 0) return false;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, timeout_ms) <= 0) return false;
  char tmp[65536];
  ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
  if (n <= 0) return false;
  buf_.append(tmp, static_cast<std::size_t>(n));
  return true;
}

Response RawConn::ReadResponse(int timeout_ms) {
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
  auto left = [&] {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count());
  };
  Response r;
  r.status = -1;
  std::size_t hdr_end;
  while ((hdr_end = buf_.find("\r\n\r\n")) == std::string::npos)
    if (!Fill(left())) return r;
  std::string head = buf_.substr(0, hdr_end);
  std::size_t pos = buf_.size() >= hdr_end + 4 ? hdr_end + 4 : buf_.size();
  std::istringstream hs(head);
  std::string line;
  std::getline(hs, line);
  int status = 0;
  if (std::sscanf(line.c_str(), "HTTP/%*d.%*d %d", &status) != 1) return r;
  while (std::getline(hs, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string v = line.substr(colon + 1);
    while (!v.empty() && v.front() == ' ') v.erase(0, 1);
    r.headers.emplace(line.substr(0, colon), v);
  }
  r.status = status;
  std::string body;
  if (status >= 200 && status != 204 && status != 304) {
    std::string te = r.Header("Transfer-Encoding"), cl = r.Header("Content-Length");
    if (strcasecmp(te.c_str(), "chunked") == 0) {
      for (;;) {
        std::size_t eol;
        while ((eol = buf_.find("\r\n", pos)) == std::string::npos)
          if (!Fill(left())) return Response{-1, "", nullptr, {}};
        std::size_t n = std::stoul(buf_.substr(pos, eol - pos), nullptr, 16);
        while (buf_.size() < eol + 2 + n + 2)
          if (!Fill(left())) return Response{-1, "", nullptr, {}};
        body += buf_.substr(eol + 2, n);
        pos = eol + 2 + n + 2;
        if (n == 0) break;  // (trailers are not used by the server)
      }
    } else if (!cl.empty()) {
      std::size_t n = std::stoul(cl);
      while (buf_.size() < pos + n)
        if (!Fill(left())) return Response{-1, "", nullptr, {}};
      body = buf_.substr(pos, n);
      pos += n;
    } else {
      while (Fill(left())) {
      }
      body = buf_.substr(pos);
      pos = buf_.size();
    }
  }
  buf_.erase(0, pos);
  r.body = body;
  boost::system::error_code ec;
  r.json = json::parse(r.body, ec);
  if (ec) r.json = nullptr;
  return r;
}

bool RawConn::ClosedByPeer(int timeout_ms) {
  if (fd_ < 0) return true;
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count());
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, left) <= 0) return false;
    char tmp[4096];
    ssize_t n = recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) return true;
    buf_.append(tmp, static_cast<std::size_t>(n));
  }
}

std::string Shell(const std::string& cmd, int* exit_code) {
  std::string out;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) {
    if (exit_code) *exit_code = -1;
    return out;
  }
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  int st = pclose(f);
  if (exit_code) *exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

// ---------------------------------------------------------------- multi-node: PortClient, Nginx

PortClient::PortClient(int port, std::string email, std::string token) : port_(port) {
  if (!email.empty()) auth_ = httplib::make_basic_authentication_header(email + "/token", token).second;
}

Response PortClient::Send(const std::string& method, const std::string& path, const std::string& body) {
  httplib::Client cli("127.0.0.1", port_);
  cli.set_tcp_nodelay(true);
  cli.set_connection_timeout(5, 0);
  cli.set_read_timeout(30, 0);
  httplib::Request req;
  req.method = method;
  req.path = path;
  if (!auth_.empty()) req.set_header("Authorization", auth_);
  req.body = body;
  if (!body.empty()) req.set_header("Content-Type", "application/json");
  auto res = cli.send(req);
  Response r;
  if (!res) {
    r.status = -1;
    return r;
  }
  r.status = res->status;
  r.body = res->body;
  r.headers = res->headers;
  boost::system::error_code ec;
  r.json = json::parse(r.body, ec);
  if (ec) r.json = nullptr;
  return r;
}

int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = 0;
  inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    throw std::runtime_error("bind to a free port failed");
  }
  close(fd);
  return ntohs(a.sin_port);
}

ScopedEnv::ScopedEnv(std::string name, const std::string& value) : name_(std::move(name)) {
  if (const char* v = std::getenv(name_.c_str())) old_ = v;
  setenv(name_.c_str(), value.c_str(), 1);
}

ScopedEnv::~ScopedEnv() {
  if (old_)
    setenv(name_.c_str(), old_->c_str(), 1);
  else
    unsetenv(name_.c_str());
}

bool Nginx::Installed() { return access(kBinary, X_OK) == 0; }

Nginx::Nginx(const std::vector<int>& upstream_ports) {
  dir_ = MakeTempDir("chamado-nginx");
  // The port is free when picked but another process may take it first: a few tries.
  for (int attempt = 0; attempt < 5; ++attempt)
    if (TryStart(upstream_ports)) return;
  std::string log = ErrorLog();
  fs::remove_all(dir_);
  throw std::runtime_error("nginx did not start: " + log);
}

Nginx::~Nginx() {
  Stop();
  if (!dir_.empty()) fs::remove_all(dir_);
}

bool Nginx::TryStart(const std::vector<int>& upstream_ports) {
  port_ = FreePort();
  const std::string d = dir_;
  std::string up;
  for (int p : upstream_ports) up += "    server 127.0.0.1:" + std::to_string(p) + " max_fails=1 fail_timeout=30s;\n";
  std::ostringstream conf;
  // As root the workers would run as nobody, who cannot enter the (0700) temp dir.
  if (geteuid() == 0) conf << "user root;\n";
  conf << "worker_processes 1;\n"
       << "pid " << d << "/nginx.pid;\n"
       << "error_log " << d << "/error.log warn;\n"
       << "events { worker_connections 1024; }\n"
       << "http {\n"
       << "  log_format upstreams '$status $request_method $request_uri $upstream_addr';\n"
       << "  access_log " << d << "/access.log upstreams;\n"
       << "  client_body_temp_path " << d << "/client_body;\n"
       << "  proxy_temp_path " << d << "/proxy;\n"
       << "  fastcgi_temp_path " << d << "/fastcgi;\n"
       << "  uwsgi_temp_path " << d << "/uwsgi;\n"
       << "  scgi_temp_path " << d << "/scgi;\n"
       << "  upstream chamado {\n"
       << up << "    keepalive 16;\n"
       << "  }\n"
       << "  server {\n"
       << "    listen 127.0.0.1:" << port_ << ";\n"
       << "    client_max_body_size 20m;\n"
       << "    location / {\n"
       << "      proxy_pass http://chamado;\n"
       << "      proxy_http_version 1.1;\n"
       << "      proxy_set_header Connection \"\";\n"
       << "      proxy_set_header Host $http_host;\n"
       << "      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
       << "      proxy_set_header X-Forwarded-Proto $scheme;\n"
       << "      proxy_set_header X-Forwarded-Host $http_host;\n"
       << "      proxy_next_upstream error timeout http_502;\n"
       << "      proxy_next_upstream_tries " << upstream_ports.size() << ";\n"
       << "      proxy_next_upstream_timeout 10s;\n"
       << "      proxy_connect_timeout 2s;\n"
       << "      proxy_read_timeout 30s;\n"
       << "    }\n"
       << "  }\n"
       << "}\n";
  { std::ofstream(d + "/nginx.conf") << conf.str(); }
  fs::remove(d + "/error.log");
  std::vector<std::string> args{kBinary, "-p", d, "-e", d + "/error.log", "-c", d + "/nginx.conf", "-g", "daemon off;"};
  pid_ = fork();
  if (pid_ == 0) {
    int out = open((d + "/stdout.log").c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(out, 1);
    dup2(out, 2);
    auto argv = Argv(args);
    execv(argv[0], argv.data());
    _exit(127);
  }
  // Ready when the port accepts connections; a config or bind error ends the process.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      pid_ = -1;
      return false;
    }
    RawConn probe(port_);
    if (probe.ok()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  Stop();
  return false;
}

void Nginx::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);  // fast shutdown of master and workers
  int st = 0;
  waitpid(pid_, &st, 0);
  pid_ = -1;
}

std::string Nginx::AccessLog() const { return ReadFile(dir_ + "/access.log"); }
std::string Nginx::ErrorLog() const { return ReadFile(dir_ + "/error.log") + ReadFile(dir_ + "/stdout.log"); }

std::string Iso(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace it

// ---------------------------------------------------------------- accounts: cookies, clock, mail

namespace it {
namespace {

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  return s;
}

// Undoes quoted-printable (soft line breaks, =XX) so links and text read whole.
std::string DecodeQuotedPrintable(const std::string& in) {
  std::string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] == '=' && i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {
      i += in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n' ? 2 : 1;
    } else if (in[i] == '=' && i + 2 < in.size() && std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
               std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(in[i]);
    }
  }
  return out;
}

// The unfolded To header of a raw message, lower-cased.
std::string ToHeader(const std::string& raw) {
  std::string to;
  bool in_to = false;
  std::istringstream lines(raw);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;  // end of the headers
    if (line.front() == ' ' || line.front() == '\t') {
      if (in_to) to += " " + Trim(line);
      continue;
    }
    in_to = Lower(line).starts_with("to:");
    if (in_to) to = Trim(line.substr(3));
  }
  return Lower(to);
}

}  // namespace

bool SetCookie::Has(const std::string& attr) const {
  std::istringstream parts(line);
  std::string part;
  std::getline(parts, part, ';');  // name=value
  while (std::getline(parts, part, ';'))
    if (Lower(Trim(part)) == Lower(attr)) return true;
  return false;
}

std::optional<SetCookie> CookieSet(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (strcasecmp(k.c_str(), "Set-Cookie") != 0 || !v.starts_with(name + "=")) continue;
    auto end = v.find(';');
    return SetCookie{v.substr(name.size() + 1, end == std::string::npos ? std::string::npos : end - name.size() - 1),
                     v};
  }
  return std::nullopt;
}

std::string Browser::Cookie(const std::string& name) const {
  for (const auto& [k, v] : jar_)
    if (k == name) return v;
  return "";
}

void Browser::SetCookieValue(const std::string& name, const std::string& v) {
  std::erase_if(jar_, [&](const auto& kv) { return kv.first == name; });
  if (!v.empty()) jar_.emplace_back(name, v);
}

Response Browser::Send(const std::string& method, const std::string& path, const std::string& body,
                       const httplib::Headers& extra) {
  httplib::Headers h = extra;
  std::string cookie;
  for (const auto& [k, v] : jar_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) h.emplace("Cookie", cookie);
  const bool safe = method == "GET" || method == "HEAD" || method == "OPTIONS";
  if (!safe && send_csrf && !csrf().empty() && !h.contains("X-CSRF-Token")) h.emplace("X-CSRF-Token", csrf());
  Response r = Client(*s_).Send(method, path, body, h);
  for (const auto& [k, v] : r.headers) {
    if (strcasecmp(k.c_str(), "Set-Cookie") != 0) continue;
    auto eq = v.find('=');
    if (eq == std::string::npos) continue;
    SetCookie c{v.substr(eq + 1, v.find(';') == std::string::npos ? std::string::npos : v.find(';') - eq - 1), v};
    SetCookieValue(v.substr(0, eq), c.Has("Max-Age=0") ? "" : c.value);
  }
  return r;
}

std::int64_t ClockNow(const Server& s) {
  auto r = Client(s).Post("/api/v2/chamado/test/clock", "{}");
  if (r.status != 200) throw std::runtime_error("clock: " + r.body);
  std::tm tm{};
  const std::string iso = Str(r["now"]);
  if (!strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) throw std::runtime_error("clock: " + iso);
  return static_cast<std::int64_t>(timegm(&tm));
}

void ClockAdvance(const Server& s, std::int64_t seconds) {
  auto r = Client(s).Post("/api/v2/chamado/test/clock", R"({"advance_seconds":)" + S(seconds) + "}");
  ASSERT_EQ(r.status, 200) << r.body;
}

void ClockSet(const Server& s, std::int64_t unix_seconds) {
  auto r = Client(s).Post("/api/v2/chamado/test/clock", R"({"now":")" + Iso(unix_seconds) + R"("})");
  ASSERT_EQ(r.status, 200) << r.body;
}

std::vector<std::string> MailsTo(const Server& s, const std::string& address) {
  // Files are named CREATED-ID.eml: oldest first is by those two numbers.
  std::vector<std::pair<std::pair<long long, long long>, fs::path>> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(s.data() + "/mail-out", ec)) {
    if (e.path().extension() != ".eml") continue;
    long long created = 0, id = 0;
    std::sscanf(e.path().filename().c_str(), "%lld-%lld", &created, &id);
    files.push_back({{created, id}, e.path()});
  }
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& [key, path] : files) {
    std::string raw = ReadFile(path.string());
    if (ToHeader(raw).find(Lower(address)) != std::string::npos) out.push_back(DecodeQuotedPrintable(raw));
  }
  return out;
}

std::string WaitForMailTo(const Server& s, const std::string& address, std::size_t already, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    Client(s).Post("/api/v2/chamado/test/clock", R"({"advance_seconds":0})");
    auto mails = MailsTo(s, address);
    if (mails.size() > already) return mails.back();
    if (std::chrono::steady_clock::now() > deadline) return "";
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::string LinkToken(const std::string& mail, const std::string& page) {
  const std::string marker = "/" + page + "#token=";
  auto at = mail.find(marker);
  if (at == std::string::npos) return "";
  auto begin = at + marker.size(), end = begin;
  while (end < mail.size() && (std::isalnum(static_cast<unsigned char>(mail[end])) || mail[end] == '-' ||
                               mail[end] == '_' || mail[end] == '.'))
    ++end;
  return mail.substr(begin, end - begin);
}

std::string AuthPath(const std::string& rest) { return "/api/v2/chamado/auth/" + rest; }

std::string ResetToken(const Server& s, const std::string& email) {
  const auto before = MailsTo(s, email).size();
  auto r = Client(s).Post(AuthPath("password/forgot"), json::serialize(json::object{{"email", email}}));
  EXPECT_EQ(r.status, 202) << r.body;
  auto token = LinkToken(WaitForMailTo(s, email, before), "reset-password");
  EXPECT_NE(token, "") << "no reset link mailed to " << email;
  return token;
}

Browser SetPasswordByMail(const Server& s, const std::string& email, const std::string& password) {
  Browser b(s);
  auto token = ResetToken(s, email);
  auto r = b.Post(AuthPath("password/reset"), json::serialize(json::object{{"token", token}, {"password", password}}));
  EXPECT_EQ(r.status, 200) << r.body;
  return b;
}

Browser LoggedIn(const Server& s, const std::string& email, const std::string& password) {
  Browser b(s);
  auto r = b.Post(AuthPath("login"), json::serialize(json::object{{"email", email}, {"password", password}}));
  EXPECT_EQ(r.status, 200) << email << ": " << r.body;
  return b;
}

}  // namespace it
