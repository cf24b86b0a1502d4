#pragma once
// People and structure: users, identities, groups, memberships, organizations, ticket
// fields, and the operator's admin commands.
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"

namespace chamado::app {

struct UserInput {
  std::optional<std::string> name, email, role, phone, time_zone, locale, external_id, notes;
  std::optional<std::optional<std::int64_t>> organization_id, default_group_id;
  std::optional<std::vector<std::string>> tags;
  std::optional<bool> verified, suspended;
};

struct GroupInput {
  std::optional<std::string> name, description;
  std::optional<bool> is_default;
  std::optional<std::optional<std::int64_t>> schedule_id;  // ---- schedules: null = the default
};

struct OrganizationInput {
  std::optional<std::string> name, details, notes, external_id;
  std::optional<std::vector<std::string>> domain_names, tags;
  std::optional<bool> shared_tickets, shared_comments;
};

struct TicketFieldInput {
  std::optional<std::string> type, title, description, title_in_portal, key;
  std::optional<bool> active, required, visible_in_portal, editable_in_portal, required_in_portal;
  std::optional<std::int64_t> position;
  std::optional<std::vector<FieldOption>> options;  // replaces (ids kept by value)
};

class DirectoryService final {
 public:
  DirectoryService(Store& store, Clock& clock, Crypto& crypto) : store_(store), clock_(clock), crypto_(crypto) {}

  Result<User> ShowUser(const Caller& c, std::int64_t id);
  Result<User> CreateUser(const Caller& c, const UserInput& in);
  Result<User> UpdateUser(const Caller& c, std::int64_t id, const UserInput& in);
  Result<Page<User>> ListUsers(const Caller& c, const UserFilter& f, const PageRequest& p);
  Result<std::vector<Identity>> Identities(const Caller& c, std::int64_t user_id);
  Result<std::vector<User>> UsersByIds(const std::vector<std::int64_t>& ids);

  Result<Page<Group>> ListGroups(const Caller& c, const PageRequest& p);
  Result<Group> ShowGroup(const Caller& c, std::int64_t id);
  Result<Group> CreateGroup(const Caller& c, const GroupInput& in);
  Result<Group> UpdateGroup(const Caller& c, std::int64_t id, const GroupInput& in);
  Result<void> DeleteGroup(const Caller& c, std::int64_t id);
  Result<Page<GroupMembership>> ListMemberships(const Caller& c, std::optional<std::int64_t> user_id,
                                                std::optional<std::int64_t> group_id, const PageRequest& p);
  Result<GroupMembership> CreateMembership(const Caller& c, std::int64_t user_id, std::int64_t group_id,
                                           bool is_default);
  Result<void> DeleteMembership(const Caller& c, std::int64_t id);

  Result<Page<Organization>> ListOrganizations(const Caller& c, const PageRequest& p);
  Result<Organization> ShowOrganization(const Caller& c, std::int64_t id);
  Result<Organization> CreateOrganization(const Caller& c, const OrganizationInput& in);
  Result<Organization> UpdateOrganization(const Caller& c, std::int64_t id, const OrganizationInput& in);

  Result<std::vector<TicketField>> ListTicketFields(const Caller& c);
  Result<TicketField> ShowTicketField(const Caller& c, std::int64_t id);
  Result<TicketField> CreateTicketField(const Caller& c, const TicketFieldInput& in);
  Result<TicketField> UpdateTicketField(const Caller& c, std::int64_t id, const TicketFieldInput& in);

  // Operator commands (the CLI): no caller, full rights.
  Result<User> AdminAddUser(const std::string& email, const std::string& name, Role role,
                            const std::optional<std::string>& password);
  Result<void> AdminSetPassword(const std::string& email, const std::string& password);
  // Returns the token, shown once (app/staff.hpp IssueApiToken).
  Result<std::string> AdminAddToken(const std::string& email, const std::string& description = "");

 private:
  Store& store_;
  Clock& clock_;
  Crypto& crypto_;
};

}  // namespace chamado::app
