#include "main/accounts_cmd.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "adapters/http/json_accounts.hpp"
#include "app/privacy.hpp"
#include "app/staff.hpp"

namespace chamado {
namespace {

namespace fs = std::filesystem;
constexpr int kFailure = 2;

int Refuse(const std::string& what) {
  std::cerr << "chamado: " << what << "\n";
  return kFailure;
}

int Refuse(const Error& e, const std::string& email) {
  if (e.code == ErrorCode::kNotFound) return Refuse("no user with e-mail " + email);
  return Refuse(e.fields.empty() ? e.description : e.fields[0].description);
}

http::Urls UrlsOf(const config::Settings& s) {
  std::string base = s.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return http::Urls{base};
}

// A file name safe to create inside the export directory whatever the attachment was called.
std::string SafeName(const std::string& name) {
  std::string out;
  for (char ch : name) out.push_back(ch == '/' || ch == '\\' || static_cast<unsigned char>(ch) < 0x20 ? '_' : ch);
  if (out.empty() || out == "." || out == "..") out = "file";
  return out;
}

Result<void> CopyBlob(app::BlobStore& blobs, const std::string& sha256, const fs::path& to) {
  auto reader = blobs.Open(sha256);
  if (!reader) return Fail(reader.error());
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!out) return Fail(Error::Internal(to.string() + ": cannot write"));
  std::string buf(256 * 1024, '\0');
  for (;;) {
    auto n = (*reader)->Read(buf.data(), buf.size());
    if (!n) return Fail(n.error());
    if (*n == 0) break;
    out.write(buf.data(), static_cast<std::streamsize>(*n));
  }
  out.close();
  if (!out) return Fail(Error::Internal(to.string() + ": cannot write"));
  return {};
}

// DIR/person.json (the API's export document) and DIR/attachments/<id>-<name>. Personal
// data: the directory and files are the operator's only (0700/0600).
int Export(const AccountCmdContext& c, const std::string& email, const fs::path& dir) {
  app::PrivacyService privacy(c.store, c.clock, c.blobs);
  auto x = privacy.AdminExport(email);
  if (!x) return Refuse(x.error(), email);
  std::error_code ec;
  fs::create_directories(dir / "attachments", ec);
  if (ec) return Refuse(dir.string() + ": cannot create: " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, ec);
  const auto json = http::PersonExportJson(*x, c.workflow, UrlsOf(c.settings), c.clock.Now());
  {
    std::ofstream f(dir / "person.json", std::ios::trunc);
    f << boost::json::serialize(json) << "\n";
    if (!f) return Refuse((dir / "person.json").string() + ": cannot write");
  }
  fs::permissions(dir / "person.json", fs::perms::owner_read | fs::perms::owner_write, ec);
  int copied = 0, missing = 0;
  for (const auto& f : x->files) {
    const fs::path to = dir / "attachments" / (std::to_string(f.attachment_id) + "-" + SafeName(f.file_name));
    if (f.sha256.empty() || !c.blobs || !CopyBlob(*c.blobs, f.sha256, to)) {
      ++missing;  // redacted, or its bytes are gone: person.json still lists it
      continue;
    }
    fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write, ec);
    ++copied;
  }
  c.out << "exported " << x->user.email << " to " << (dir / "person.json").string() << " and " << copied
        << " attachment(s) to " << (dir / "attachments").string();
  if (missing) c.out << " (" << missing << " without their bytes: redacted or missing)";
  c.out << "\n";
  return 0;
}

}  // namespace

void AccountCommands::Register(CLI::App& user, CLI::App& token) {
  deactivate_ =
      user.add_subcommand("deactivate", "Deactivate a user: their sessions end, their API tokens are revoked");
  deactivate_->add_option("--email", email_, "E-mail")->required();
  export_ = user.add_subcommand("export", "Export everything about a person (LGPD): DIR/person.json and attachments");
  export_->add_option("--email", email_, "E-mail")->required();
  export_->add_option("--to", to_, "The directory to write (created)")->required();
  erase_ = user.add_subcommand("erase", "Erase a person (LGPD): their identity is anonymized on every ticket");
  erase_->add_option("--email", email_, "E-mail")->required();
  erase_->add_flag("--yes", yes_, "Confirm: this cannot be undone");
  list_ = token.add_subcommand("list", "List a user's API tokens (prefix only, never the token)");
  list_->add_option("--email", email_, "E-mail of the tokens' user")->required();
  revoke_ = token.add_subcommand("revoke", "Revoke an API token");
  revoke_->add_option("--id", id_, "The token's id (admin token list)")->required()->check(CLI::PositiveNumber);
}

bool AccountCommands::Parsed() const {
  return deactivate_->parsed() || export_->parsed() || erase_->parsed() || list_->parsed() || revoke_->parsed();
}

int AccountCommands::Run(const AccountCmdContext& c) {
  app::StaffService staff(c.store, c.clock, c.crypto);
  if (deactivate_->parsed()) {
    auto u = staff.AdminDeactivate(email_);
    if (!u) return Refuse(u.error(), email_);
    c.out << boost::json::serialize(boost::json::object{{"user", http::UserJson(*u, UrlsOf(c.settings))}}) << "\n";
    return 0;
  }
  if (list_->parsed()) {
    auto tokens = staff.AdminListTokens(email_);
    if (!tokens) return Refuse(tokens.error(), email_);
    boost::json::array arr;
    for (const auto& t : *tokens) arr.push_back(http::ApiTokenJson(t));
    c.out << boost::json::serialize(boost::json::object{{"api_tokens", std::move(arr)}}) << "\n";
    return 0;
  }
  if (revoke_->parsed()) {
    auto r = staff.AdminRevokeToken(id_);
    if (!r)
      return r.error().code == ErrorCode::kNotFound ? Refuse("no API token " + std::to_string(id_))
                                                    : Refuse(r.error(), "");
    c.out << "API token " << id_ << " revoked\n";
    return 0;
  }
  if (export_->parsed()) return Export(c, email_, to_);
  if (erase_->parsed()) {
    if (!yes_) return Refuse("erasing " + email_ + " cannot be undone; add --yes to confirm");
    app::PrivacyService privacy(c.store, c.clock, c.blobs);
    auto e = privacy.AdminErase(email_);
    if (!e) return Refuse(e.error(), email_);
    c.out << boost::json::serialize(
                 boost::json::object{{"erasure", boost::json::object{{"user_id", e->user_id},
                                                                     {"tickets", e->tickets},
                                                                     {"blobs_forgotten", e->blobs_forgotten}}}})
          << "\n";
    return 0;
  }
  return Refuse("unknown command");
}

}  // namespace chamado
