// Bulk generator for benchmarks: fills a fresh data dir with N requesters × M tickets,
// each ticket with an audit and K comments, through the real schema (migrations and
// search triggers included). Writes with synchronous=OFF in large transactions: this is a
// bench fixture, not a help desk.
//
// Usage: gen_tickets --data DIR [--requesters 20000] [--tickets-per 50] [--comments 3]
// Tokens: requester i authenticates with "bench-req-<i>", the agent with "bench-agent".
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "adapters/crypto/crypto.hpp"
#include "adapters/sqlite/db.hpp"
#include "adapters/sqlite/store.hpp"

namespace fs = std::filesystem;
using namespace chamado;

namespace {

const char* kWords[] = {"pagamento",  "boleto",  "acesso",  "senha",     "relatório",   "integração",
                        "exportação", "nota",    "fiscal",  "erro",      "lentidão",    "cadastro",
                        "cliente",    "fatura",  "cartão",  "pedido",    "estoque",     "webhook",
                        "API",        "login",   "usuário", "permissão", "atualização", "sincronização",
                        "backup",     "factura", "pago",    "cuenta",    "invoice",     "payment"};

std::string Sentence(std::mt19937_64& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += ' ';
    s += kWords[rng() % std::size(kWords)];
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::string data;
  long requesters = 20000, per = 50, comments = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--data")
      data = argv[i + 1];
    else if (k == "--requesters")
      requesters = std::stol(argv[i + 1]);
    else if (k == "--tickets-per")
      per = std::stol(argv[i + 1]);
    else if (k == "--comments")
      comments = std::stol(argv[i + 1]);
  }
  if (data.empty()) {
    std::fprintf(stderr, "usage: gen_tickets --data DIR [--requesters N] [--tickets-per N] [--comments N]\n");
    return 2;
  }
  fs::create_directories(data);
  const auto db_path = fs::path(data) / "chamado.db";
  if (fs::exists(db_path)) {
    std::fprintf(stderr, "%s exists: the generator fills a fresh data dir only\n", db_path.c_str());
    return 2;
  }
  { sqlite::SqliteStore migrate(db_path, true); }  // schema, seeds and triggers
  crypto::SodiumCrypto crypto;
  sqlite::Db db(db_path.string(), false, false);
  db.Exec("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144");
  const auto t0 = std::chrono::steady_clock::now();
  const std::int64_t now = 1767225600;  // 2026-01-01
  std::mt19937_64 rng(42);

  db.Exec("BEGIN");
  auto& user =
      db.Prepare("INSERT INTO users (id, name, email, role, verified, created_at, updated_at) VALUES (?,?,?,?,1,?,?)");
  auto& ident = db.Prepare(
      "INSERT INTO user_identities (user_id, type, value, verified, is_primary, created_at) VALUES (?, 'email', ?, 1, "
      "1, ?)");
  auto& token = db.Prepare("INSERT INTO api_tokens (user_id, token_hash, prefix, created_at) VALUES (?,?,?,?)");
  auto add_user = [&](std::int64_t id, const std::string& name, const std::string& email, const char* role,
                      const std::string& tok) {
    user.Reset();
    user.Bind(1, id).Bind(2, name).Bind(3, email).Bind(4, role).Bind(5, now).Bind(6, now);
    user.Run();
    ident.Reset();
    ident.Bind(1, id).Bind(2, email).Bind(3, now);
    ident.Run();
    token.Reset();
    token.Bind(1, id).Bind(2, crypto.Sha256Hex(tok)).Bind(3, tok.substr(0, 6)).Bind(4, now);
    token.Run();
  };
  add_user(1, "Bench Agent", "agent@bench.example", "agent", "bench-agent");
  for (long r = 0; r < requesters; ++r)
    add_user(r + 2, "Requester " + std::to_string(r), "req" + std::to_string(r) + "@bench.example", "end-user",
             "bench-req-" + std::to_string(r));
  db.Exec("COMMIT");

  auto& ticket = db.Prepare(
      "INSERT INTO tickets (id, subject, description, priority, custom_status_id, requester_id, submitter_id, "
      "assignee_id, via_channel, is_public, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,'web',1,?,?,1)");
  auto& audit =
      db.Prepare("INSERT INTO audits (id, ticket_id, author_id, via_channel, created_at) VALUES (?,?,?,'web',?)");
  auto& comment = db.Prepare(
      "INSERT INTO comments (id, ticket_id, author_id, audit_id, body, is_public, via_channel, created_at) "
      "VALUES (?,?,?,?,?,?,'web',?)");
  auto& event =
      db.Prepare("INSERT INTO events (audit_id, ticket_id, type, field_name, value, comment_id) VALUES (?,?,?,?,?,?)");
  const char* priorities[] = {"low", "normal", "normal", "high", "urgent"};
  const long total = requesters * per;
  std::int64_t comment_id = 0;
  db.Exec("BEGIN");
  for (long i = 0; i < total; ++i) {
    const std::int64_t id = i + 1;
    const std::int64_t requester = (i % requesters) + 2;
    const std::int64_t created = now + i * 30;  // one every 30 s: ordered like real traffic
    // Status by id, so load scripts can pick tickets that still take comments: ids with
    // id % 9 in {6, 7, 8} are in the terminal statuses 7, 8, 9 (Closed, Closed by you, Duplicate).
    const std::int64_t status = 1 + id % 9;
    const std::string subject = Sentence(rng, 5);
    const std::string body = Sentence(rng, 25);
    ticket.Reset();
    ticket.Bind(1, id).Bind(2, subject).Bind(3, body).Bind(4, priorities[rng() % 5]).Bind(5, status);
    ticket.Bind(6, requester).Bind(7, requester);
    if (status == 1)
      ticket.BindNull(8);
    else
      ticket.Bind(8, std::int64_t{1});
    ticket.Bind(9, created).Bind(10, created + 600);
    ticket.Run();
    audit.Reset();
    audit.Bind(1, id).Bind(2, id).Bind(3, requester).Bind(4, created);
    audit.Run();
    event.Reset();
    event.Bind(1, id).Bind(2, id).Bind(3, "Create").Bind(4, "subject").Bind(5, subject).BindNull(6);
    event.Run();
    for (long c = 0; c < comments; ++c) {
      ++comment_id;
      const bool internal = c == comments - 1 && comments > 1;  // the last one is an internal note
      comment.Reset();
      comment.Bind(1, comment_id).Bind(2, id).Bind(3, c % 2 ? std::int64_t{1} : requester).Bind(4, id);
      comment.Bind(5, c == 0 ? body : Sentence(rng, 20)).Bind(6, !internal).Bind(7, created + c * 60);
      comment.Run();
      event.Reset();
      event.Bind(1, id).Bind(2, id).Bind(3, "Comment").Bind(4, "comment").Bind(5, internal ? "internal" : "public");
      event.Bind(6, comment_id);
      event.Run();
    }
    if (id % 50000 == 0) {
      db.Exec("COMMIT");
      db.Exec("BEGIN");
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      std::fprintf(stderr, "\r%ld / %ld tickets (%.0f tickets/s)", static_cast<long>(id), total, id / s);
    }
  }
  db.Exec("COMMIT");
  db.Exec("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE");
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fprintf(stderr, "\n%ld tickets, %ld comments, %ld requesters in %.1f s\n", total, total * comments, requesters,
               s);
  return 0;
}
