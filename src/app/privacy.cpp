#include "app/privacy.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <utility>

#include "app/caller_checks.hpp"

namespace chamado::app {
namespace {

Error NoSuchEmail(const std::string& email) {
  return Error::Invalid("email", "NotFound", "No user with e-mail " + email);
}

// Every item of an offset-paged listing (one read snapshot: nothing shifts between pages).
template <typename T, typename F>
std::vector<T> AllPages(F&& page_of) {
  PageRequest p;
  p.limit = 1000;
  p.want_count = false;
  std::vector<T> all;
  for (;;) {
    auto page = page_of(p);
    const auto n = static_cast<std::int64_t>(page.items.size());
    std::move(page.items.begin(), page.items.end(), std::back_inserter(all));
    if (!page.has_more || n == 0) break;
    p.offset += n;
  }
  return all;
}

// Everything stored about `u` (PersonExport's comment says what).
PersonExport Gather(ReadTx& tx, const User& u) {
  PersonExport x;
  x.user = u;
  x.identities = tx.IdentitiesOf(u.id);
  x.memberships = AllPages<GroupMembership>([&](const PageRequest& p) { return tx.ListMemberships(u.id, {}, p); });
  x.tickets = tx.TicketsByIds(tx.TicketIdsTouchedBy(u.id));
  for (const auto& t : x.tickets) {
    // Public comments (what they could read) and their own (an agent's notes included).
    auto comments =
        AllPages<Comment>([&](const PageRequest& p) { return tx.CommentsOf(t.id, /*public_only=*/false, p); });
    for (auto& c : comments)
      if (c.is_public || c.author_id == u.id) x.comments.push_back(std::move(c));
    if (auto r = tx.SatisfactionRatingOfTicket(t.id)) x.ratings.push_back(std::move(*r));
  }
  OutboxFilter mine;
  mine.recipient_user_id = u.id;
  x.mails = AllPages<OutboundEmail>([&](const PageRequest& p) { return tx.ListOutbox(mine, p); });
  x.sessions = tx.SessionsOf(u.id);
  x.tokens = tx.ListApiTokens(u.id);
  AuthEventFilter theirs;
  theirs.user_id = u.id;
  x.events = AllPages<AuthEvent>([&](const PageRequest& p) { return tx.ListAuthEvents(theirs, p); });
  std::vector<std::int64_t> comment_ids;
  for (const auto& c : x.comments) comment_ids.push_back(c.id);
  for (const auto& a : tx.AttachmentsOfComments(comment_ids)) {
    if (a.redacted || a.sha256.empty() || !a.ticket_id) continue;  // no bytes left to give
    x.files.push_back({a.id, *a.ticket_id, a.file_name, a.content_type, a.size, a.sha256});
  }
  return x;
}

void Record(WriteTx& tx, std::string kind, std::int64_t user_id, std::optional<std::int64_t> actor, std::string email,
            std::string ip, Instant now, std::string detail) {
  AuthEvent e;
  e.at = now;
  e.user_id = user_id;
  e.actor_id = actor;
  e.kind = std::move(kind);
  e.email = std::move(email);
  e.ip = std::move(ip);
  e.detail = std::move(detail);
  tx.InsertAuthEvent(e);
}

// The erasure itself (PrivacyService::Erase has checked the caller; the CLI needs none).
Result<ErasureReport> EraseUser(Store& store, BlobStore* blobs, std::int64_t user_id, std::optional<std::int64_t> actor,
                                Instant now) {
  ErasureReport report;
  report.user_id = user_id;
  std::set<std::string> deleted;  // across attempts: a store may run the function again
  auto w = store.Write([&](WriteTx& tx) -> Result<void> {
    report.blobs_forgotten = 0;
    if (!tx.UserById(user_id)) return Fail(Error::NotFound());
    report.tickets = static_cast<std::int64_t>(tx.TicketIdsTouchedBy(user_id).size());
    auto raw = tx.EraseUserIdentity(user_id, "Erased user " + std::to_string(user_id), now);
    // Written after the erasure (which blanks e-mail and ip of their events) with neither.
    Record(tx, "privacy_erase", user_id, actor, "", "", now,
           "identity erased from " + std::to_string(report.tickets) + " tickets");
    if (!blobs) return {};  // nowhere to delete from: the bytes stay
    // The suspended messages' raw blobs, by the blob-lifetime rule of app/attachments.cpp:
    // lock each (sorted: one lock order), keep any an attachment still refers to, and delete
    // the bytes as the transaction's last step, under the lock. A blob we cannot open stays
    // as it is, not counted.
    std::sort(raw.begin(), raw.end());
    raw.erase(std::unique(raw.begin(), raw.end()), raw.end());
    std::vector<std::string> doomed;
    for (const auto& sha : raw) {
      if (!IsBlobName(sha)) continue;
      const bool gone_before = deleted.contains(sha);
      std::int64_t size = 0;
      if (!gone_before) {
        auto reader = blobs->Open(sha);
        if (!reader || !*reader) continue;
        size = static_cast<std::int64_t>((*reader)->Size());
      }
      tx.LockBlob(sha, size, now);
      if (tx.AttachmentsWithBlob(sha) > 0) continue;
      tx.ForgetBlob(sha);
      if (gone_before)
        ++report.blobs_forgotten;
      else
        doomed.push_back(sha);
    }
    for (const auto& sha : doomed)
      if (blobs->Delete(sha)) {
        deleted.insert(sha);
        ++report.blobs_forgotten;
      }
    return {};
  });
  if (!w) return Fail(w.error());
  return report;
}

}  // namespace

Result<PersonExport> PrivacyService::Export(const Caller& c, std::int64_t user_id, const ClientInfo& from) {
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  PersonExport out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto u = tx.UserById(user_id);
    if (!u) return Fail(Error::NotFound());
    out = Gather(tx, *u);
    return {};
  });
  if (!r) return Fail(r.error());
  // No export leaves without its record in the audit log.
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    Record(tx, "privacy_export", user_id, c.user_id == user_id ? std::nullopt : std::optional(c.user_id),
           out.user.email, from.ip, clock_.Now(),
           std::to_string(out.tickets.size()) + " tickets, " + std::to_string(out.files.size()) + " files");
    return {};
  });
  if (!w) return Fail(w.error());
  return out;
}

Result<ErasureReport> PrivacyService::Erase(const Caller& c, std::int64_t user_id, const ClientInfo& from) {
  (void)from;  // the erasure's event keeps no address: it is about a person who asked to be forgotten
  if (auto ok = RequireAdmin(c); !ok) return Fail(ok.error());
  if (user_id == c.user_id) return Fail(Error::Invalid("user_id", "InvalidValue", "You cannot erase yourself"));
  return EraseUser(store_, blobs_, user_id, c.user_id, clock_.Now());
}

Result<PersonExport> PrivacyService::AdminExport(const std::string& email) {
  PersonExport out;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto u = tx.UserByEmail(NormalizeEmail(email));
    if (!u) return Fail(NoSuchEmail(email));
    out = Gather(tx, *u);
    return {};
  });
  if (!r) return Fail(r.error());
  auto w = store_.Write([&](WriteTx& tx) -> Result<void> {
    Record(tx, "privacy_export", out.user.id, std::nullopt, out.user.email, "", clock_.Now(),
           "operator export: " + std::to_string(out.tickets.size()) + " tickets, " + std::to_string(out.files.size()) +
               " files");
    return {};
  });
  if (!w) return Fail(w.error());
  return out;
}

Result<ErasureReport> PrivacyService::AdminErase(const std::string& email) {
  std::optional<std::int64_t> id;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    auto u = tx.UserByEmail(NormalizeEmail(email));
    if (!u) return Fail(NoSuchEmail(email));
    id = u->id;
    return {};
  });
  if (!r) return Fail(r.error());
  return EraseUser(store_, blobs_, *id, std::nullopt, clock_.Now());
}

}  // namespace chamado::app
