#pragma once
// LGPD (Brazil's data-protection law; issue 8, docs/accounts.md "Privacy"): an admin exports
// everything about a person, or erases their identity. Both are recorded in the audit log.
#include <cstdint>
#include <string>
#include <vector>

#include "app/accounts.hpp"
#include "app/blobs.hpp"
#include "app/ports.hpp"
#include "domain/access.hpp"

namespace chamado::app {

// One file of the person's (an attachment on a comment they wrote, or on a ticket they
// requested): where its bytes are (the blob store's sha256) and what to call it.
struct ExportFile {
  std::int64_t attachment_id = 0;
  std::int64_t ticket_id = 0;
  std::string file_name;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;
};

// Everything about a person. The http adapter and the CLI turn it into JSON (one shape for
// both, docs/accounts.md): the user and identities, memberships, each ticket they requested,
// are CC of or commented on, with the comments they can see — and for staff or their own
// comments all of them —, satisfaction ratings, the mail sent to them, their sessions, API
// tokens (prefix only) and auth events.
struct PersonExport {
  User user;
  std::vector<Identity> identities;
  std::vector<GroupMembership> memberships;
  std::vector<Ticket> tickets;
  std::vector<Comment> comments;  // of those tickets: public ones and the person's own
  std::vector<SatisfactionRating> ratings;
  std::vector<OutboundEmail> mails;
  std::vector<Session> sessions;
  std::vector<ApiToken> tokens;
  std::vector<AuthEvent> events;
  std::vector<ExportFile> files;
};

struct ErasureReport {
  std::int64_t user_id = 0;
  std::int64_t tickets = 0;          // tickets that named them
  std::int64_t blobs_forgotten = 0;  // raw suspended messages deleted
};

class PrivacyService final {
 public:
  PrivacyService(Store& store, Clock& clock, BlobStore* blobs) : store_(store), clock_(clock), blobs_(blobs) {}

  // Admins only (kForbidden otherwise); kNotFound for an unknown user.
  Result<PersonExport> Export(const Caller& c, std::int64_t user_id, const ClientInfo& from);
  // Admins only; not staff who are the caller. The person's identity is anonymized everywhere
  // (WriteTx::EraseUserIdentity), an audit event privacy_erase records who did it.
  Result<ErasureReport> Erase(const Caller& c, std::int64_t user_id, const ClientInfo& from);

  // Operator commands (CLI): no caller, full rights.
  Result<PersonExport> AdminExport(const std::string& email);
  Result<ErasureReport> AdminErase(const std::string& email);

 private:
  Store& store_;
  Clock& clock_;
  BlobStore* blobs_;
};

}  // namespace chamado::app
