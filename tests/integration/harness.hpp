#pragma once
// Test harness: runs the real `chamado` binary (CHAMADO_BINARY) on a temporary data dir
// and talks to it over HTTP. Each test starts its own server on a free port.
//
// Store: SQLite in the data dir, unless env CHAMADO_TEST_PG names a PostgreSQL server (a URL
// without a database, e.g. postgresql://postgres@127.0.0.1:5433, see scripts/pg-cluster.sh).
// Then every test gets a fresh empty database, passed as CHAMADO_STORE_DB to every `chamado`
// process the test starts, and dropped when the test ends.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/types.h>

#include <boost/json.hpp>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The first statement of a test about the SQLite file itself: skipped on PostgreSQL.
#define CHAMADO_SQLITE_ONLY(reason)                 \
  do {                                              \
    if (::it::OnPostgres()) GTEST_SKIP() << reason; \
  } while (false)

namespace it {
namespace json = boost::json;

// Are the tests running on PostgreSQL (CHAMADO_TEST_PG set)?
bool OnPostgres();
// On PostgreSQL, registers the GoogleTest listener that gives each test its own database
// (see above); on SQLite unsets CHAMADO_STORE_DB. main() calls it before RUN_ALL_TESTS().
void UseAFreshDatabasePerTest();

// Small helpers shared by the test files.
inline std::string S(std::int64_t v) { return std::to_string(v); }
// A JSON value as text: a string's characters, anything else serialized.
inline std::string Str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : json::serialize(v); }
inline std::string TicketPath(std::int64_t id) { return "/api/v2/tickets/" + S(id) + ".json"; }
// "2030-03-04T12:00:00Z": a Unix time as the manual clock and Zendesk write it.
std::string Iso(std::int64_t unix_seconds);
// Replaces each "{}" in `tmpl` with the next argument.
std::string F(std::string_view tmpl, std::initializer_list<std::string> args);

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string LastLine() const;
};

// Runs `chamado ARGS...` to completion, feeding `stdin_text`.
CliResult RunCli(const std::vector<std::string>& args, const std::string& stdin_text = "");

std::string MakeTempDir(const std::string& prefix);

class Server {
 public:
  // Starts `chamado serve --data DIR --listen 127.0.0.1:0 --clock=manual EXTRA...`.
  explicit Server(std::vector<std::string> extra_args = {}, std::string data_dir = "");
  ~Server();
  Server(const Server&) = delete;

  void Start();
  void Stop();   // SIGTERM, waits; returns the exit status via last_exit()
  void Kill9();  // SIGKILL, waits
  bool running() const { return pid_ > 0; }
  int last_exit() const { return last_exit_; }
  pid_t pid() const { return pid_; }  // the `chamado serve` process (its /proc/PID/status)

  int port() const { return port_; }
  const std::string& data() const { return data_; }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string stderr_text() const;

  // Operator commands against this server's data dir.
  std::int64_t AddUser(const std::string& email, const std::string& name, const std::string& role);
  std::string Token(const std::string& email);

 private:
  std::vector<std::string> extra_;
  std::string data_;
  bool own_data_ = false;
  pid_t pid_ = -1;
  int port_ = 0;
  int last_exit_ = -1;
  std::string err_path_;
};

struct Response {
  int status = 0;
  std::string body;
  json::value json;
  httplib::Headers headers;
  std::string Header(const std::string& name) const;
  // Shortcut to a member of the JSON root object.
  const json::value& operator[](const char* key) const;
};

// Does a 422's `details` name `field`?
bool DetailsName(const Response& r, const std::string& field);

class Client {
 public:
  // email/token: Basic email/token:TOKEN; empty: no credentials.
  Client(const Server& s, std::string email = "", std::string token = "");
  Response Get(const std::string& path);
  Response Post(const std::string& path, const std::string& body);
  Response Put(const std::string& path, const std::string& body);
  Response Delete(const std::string& path);
  Response Send(const std::string& method, const std::string& path, const std::string& body,
                const httplib::Headers& extra = {});

 private:
  const Server& s_;
  std::string auth_;
};

// A running help desk with an admin, an agent and two customers, each with a token.
struct Desk {
  Server server;
  std::int64_t admin_id, agent_id, alice_id, bob_id;
  std::string admin_token, agent_token, alice_token, bob_token;
  Desk();
  Client Admin() { return Client(server, "admin@test.example", admin_token); }
  Client Agent() { return Client(server, "agent@test.example", agent_token); }
  Client Alice() { return Client(server, "alice@customer.example", alice_token); }
  Client Bob() { return Client(server, "bob@customer.example", bob_token); }
  Client Anonymous() { return Client(server); }
  // Creates a ticket as the agent for `requester_email`; returns its id.
  std::int64_t NewTicket(const std::string& requester_email, const std::string& subject = "Subject",
                         const std::string& extra_fields = "");
};

// ---- Additions for protocol-level tests (raw sockets, shell commands).

// One TCP connection to 127.0.0.1:port speaking raw HTTP/1.1, for what cpp-httplib hides:
// chunked request bodies, Expect: 100-continue, keep-alive, odd Host headers.
class RawConn {
 public:
  explicit RawConn(int port);
  ~RawConn();
  RawConn(const RawConn&) = delete;
  bool ok() const { return fd_ >= 0; }
  // Writes all bytes; false when the peer has gone.
  bool Send(const std::string& bytes);
  // Reads one response (interim 1xx responses included) with a Content-Length or chunked
  // body; status -1 when the connection closed or `timeout_ms` passed first.
  Response ReadResponse(int timeout_ms = 10000);
  // True when the server closes the connection within `timeout_ms` (EOF or reset).
  bool ClosedByPeer(int timeout_ms = 3000);
  // True when response bytes are waiting (or arrive within `timeout_ms`): a client streaming
  // a body checks it between pieces to stop when the server answers early, as curl does.
  bool Readable(int timeout_ms = 0);

 private:
  bool Fill(int timeout_ms);
  int fd_ = -1;
  std::string buf_;
};

// Runs `sh -c CMD`; returns its standard output and sets *exit_code when given.
std::string Shell(const std::string& cmd, int* exit_code = nullptr);

// ---- Additions for multi-node tests (several `chamado serve` on one PostgreSQL database).

// HTTP to any port of 127.0.0.1 (nginx in front of the nodes), like Client: a new connection
// per request, status -1 when the connection failed or closed before a full response.
class PortClient {
 public:
  explicit PortClient(int port, std::string email = "", std::string token = "");
  Response Get(const std::string& path) { return Send("GET", path, ""); }
  Response Post(const std::string& path, const std::string& body) { return Send("POST", path, body); }
  Response Put(const std::string& path, const std::string& body) { return Send("PUT", path, body); }
  Response Send(const std::string& method, const std::string& path, const std::string& body);

 private:
  int port_;
  std::string auth_;
};

// nginx from the Debian package (/usr/sbin/nginx, nginx-light) as a load balancer in front of
// `upstream_ports`, started by the test with a private config in a temp dir (logs, pid and
// temp files inside it) on a free port of 127.0.0.1: round robin, keepalive to the upstreams,
// X-Forwarded-For/-Proto/-Host, and `proxy_next_upstream error timeout http_502` so that a
// request a dead node refuses goes to the next one (a POST only when it was not sent yet).
// Stopped (SIGTERM, waited for) and its dir removed by the destructor.
class Nginx {
 public:
  static constexpr const char* kBinary = "/usr/sbin/nginx";
  static bool Installed();
  explicit Nginx(const std::vector<int>& upstream_ports);
  ~Nginx();
  Nginx(const Nginx&) = delete;
  void Stop();
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  // The access log: one line "STATUS METHOD URI UPSTREAM_ADDR(S)" per request.
  std::string AccessLog() const;
  std::string ErrorLog() const;

 private:
  bool TryStart(const std::vector<int>& upstream_ports);
  std::string dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

// A port of 127.0.0.1 that nobody listened on a moment ago.
int FreePort();

// Sets an environment variable for the scope (the servers a test starts inherit it), then
// restores the previous value.
class ScopedEnv {
 public:
  ScopedEnv(std::string name, const std::string& value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;

 private:
  std::string name_;
  std::optional<std::string> old_;
};

}  // namespace it

// ---- Additions for accounts and sign-in (issue 8): a browser's cookies, the manual clock, and
// the account mails written as .eml files (no smtp_url: DATA/mail-out).
namespace it {

// The cookie `name` as a Set-Cookie header of a response set it.
struct SetCookie {
  std::string value;
  std::string line;  // the whole header value, attributes included
  // Does the line carry attribute `attr` ("HttpOnly", "Secure", "SameSite=Lax", "Max-Age=0")?
  bool Has(const std::string& attr) const;
};
std::optional<SetCookie> CookieSet(const Response& r, const std::string& name);

// One browser: never an Authorization header; the cookies the server set are sent back
// (Max-Age=0 removes one); a write carries X-CSRF-Token from the chamado_csrf cookie unless
// `send_csrf` is false.
class Browser {
 public:
  explicit Browser(const Server& s) : s_(&s) {}
  Response Get(const std::string& path) { return Send("GET", path, ""); }
  Response Post(const std::string& path, const std::string& body) { return Send("POST", path, body); }
  Response Put(const std::string& path, const std::string& body) { return Send("PUT", path, body); }
  Response Delete(const std::string& path) { return Send("DELETE", path, ""); }
  Response Send(const std::string& method, const std::string& path, const std::string& body,
                const httplib::Headers& extra = {});
  std::string Cookie(const std::string& name) const;                   // "" when not set
  void SetCookieValue(const std::string& name, const std::string& v);  // "" removes it
  std::string session() const { return Cookie("chamado_session"); }
  std::string csrf() const { return Cookie("chamado_csrf"); }
  bool send_csrf = true;

 private:
  const Server* s_;
  std::vector<std::pair<std::string, std::string>> jar_;
};

// The manual clock (--clock=manual): its time in Unix seconds; moving it also sends the mail
// that is due (the endpoint drains the outbox before it answers).
std::int64_t ClockNow(const Server& s);
void ClockAdvance(const Server& s, std::int64_t seconds);
void ClockSet(const Server& s, std::int64_t unix_seconds);

// Every .eml in DATA/mail-out whose To header names `address`, oldest first, quoted-printable
// decoded (links read whole).
std::vector<std::string> MailsTo(const Server& s, const std::string& address);
// Sends what is due, then waits (at most `timeout_ms`) until there are more than `already`
// mails to `address`; returns the newest, "" when none came.
std::string WaitForMailTo(const Server& s, const std::string& address, std::size_t already, int timeout_ms = 10000);
// The token of the first link ".../PAGE#token=TOKEN" in `mail` (PAGE: "verify-email",
// "reset-password"); "" when there is none.
std::string LinkToken(const std::string& mail, const std::string& page);

// Account flows through the JSON endpoints (/api/v2/chamado/auth/*).
std::string AuthPath(const std::string& rest);  // "/api/v2/chamado/auth/" + rest
// Forgot password for `email`, then the reset link of the mail it sent; "" when no mail came.
std::string ResetToken(const Server& s, const std::string& email);
// Sets `password` through forgot + reset (someone who only e-mailed support does exactly this)
// and returns the browser the reset signed in. Fails the test when a step does.
Browser SetPasswordByMail(const Server& s, const std::string& email, const std::string& password);
// A browser signed in with e-mail and password (ADD_FAILURE when the login is refused).
Browser LoggedIn(const Server& s, const std::string& email, const std::string& password);

}  // namespace it
