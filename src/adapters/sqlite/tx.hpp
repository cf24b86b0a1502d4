#pragma once
#include "adapters/sqlite/db.hpp"
#include "app/ports.hpp"

namespace chamado::sqlite {

// Every named query of the store, on one connection. Read-only connections use only the
// ReadTx half.
class SqliteTx final : public app::WriteTx {
 public:
  explicit SqliteTx(Db& db) : db_(db) {}

  std::optional<User> UserById(std::int64_t id) override;
  std::optional<User> UserByEmail(std::string_view email) override;
  std::vector<User> UsersByIds(const std::vector<std::int64_t>& ids) override;
  app::Page<User> ListUsers(const app::UserFilter& f, const app::PageRequest& p) override;
  std::vector<Identity> IdentitiesOf(std::int64_t user_id) override;
  std::optional<std::int64_t> UserIdByTokenHash(std::string_view sha256_hex) override;
  std::optional<std::string> PasswordHashOf(std::int64_t user_id) override;
  std::optional<Group> GroupById(std::int64_t id) override;
  app::Page<Group> ListGroups(const app::PageRequest& p) override;
  std::optional<GroupMembership> MembershipById(std::int64_t id) override;
  app::Page<GroupMembership> ListMemberships(std::optional<std::int64_t> user_id, std::optional<std::int64_t> group_id,
                                             const app::PageRequest& p) override;
  std::optional<Organization> OrganizationById(std::int64_t id) override;
  app::Page<Organization> ListOrganizations(const app::PageRequest& p) override;
  std::optional<Ticket> TicketById(std::int64_t id) override;
  std::vector<Ticket> TicketsByIds(const std::vector<std::int64_t>& ids) override;
  app::Page<Ticket> ListTickets(const app::TicketFilter& f, const app::PageRequest& p) override;
  app::Page<Comment> CommentsOf(std::int64_t ticket_id, bool public_only, const app::PageRequest& p) override;
  std::int64_t CommentCount(std::int64_t ticket_id) override;
  app::Page<Ticket> SearchTickets(const app::TicketSearch& q, const app::PageRequest& p) override;
  app::Page<Audit> AuditsOf(std::int64_t ticket_id, const app::PageRequest& p) override;
  std::vector<Comment> CommentsByIds(const std::vector<std::int64_t>& ids) override;
  std::vector<Ticket> TicketsChangedSince(Instant since, std::int64_t after_id, std::int64_t limit) override;
  std::vector<app::TicketField> ListTicketFields() override;
  std::optional<app::TicketField> TicketFieldById(std::int64_t id) override;

  void InsertUser(User& u) override;
  void UpdateUser(const User& u) override;
  void SetPasswordHash(std::int64_t user_id, std::string_view hash) override;
  void InsertToken(app::ApiToken& t, std::string_view sha256_hex) override;
  void InsertGroup(Group& g) override;
  void UpdateGroup(const Group& g) override;
  void DeleteGroup(std::int64_t id) override;
  void InsertMembership(GroupMembership& m) override;
  void DeleteMembership(std::int64_t id) override;
  void InsertOrganization(Organization& o) override;
  void UpdateOrganization(const Organization& o) override;
  void InsertTicket(Ticket& t) override;
  bool UpdateTicket(const Ticket& t, std::int64_t expected_version) override;
  void InsertAudit(Audit& a) override;
  void InsertComment(Comment& c) override;
  void InsertTicketField(app::TicketField& f) override;
  void UpdateTicketField(const app::TicketField& f) override;

 private:
  void WriteCcs(const Ticket& t);
  void WriteOptions(const app::TicketField& f);
  Db& db_;
};

}  // namespace chamado::sqlite
