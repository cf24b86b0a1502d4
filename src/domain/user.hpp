#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace chamado {

enum class Role { kEndUser, kAgent, kAdmin };

std::string_view RoleName(Role r);  // "end-user", "agent", "admin"
std::optional<Role> ParseRole(std::string_view name);
inline bool IsStaff(Role r) { return r != Role::kEndUser; }

inline constexpr std::string_view kDefaultLocale = "pt-BR";
// The customer-facing languages; every label ships in each.
bool IsSupportedLocale(std::string_view locale);

struct User {
  std::int64_t id = 0;
  std::string name;
  std::string email;  // primary e-mail identity, lower-cased
  Role role = Role::kEndUser;
  bool active = true;
  bool verified = false;
  bool suspended = false;
  std::optional<std::int64_t> organization_id;
  std::optional<std::int64_t> default_group_id;
  std::string phone;
  std::string time_zone = "America/Sao_Paulo";
  std::string locale{kDefaultLocale};
  std::vector<std::string> tags;
  std::optional<std::string> external_id;
  std::string notes;
  Instant created_at{};
  Instant updated_at{};
  // ---- accounts (issue 8): the customer's notification preferences. notify_email false:
  // no ticket notification mail (account mails — verification, reset — are always sent).
  // notify_whatsapp: a seam for the WhatsApp channel (nothing sends on it yet).
  bool notify_email = true;
  bool notify_whatsapp = false;
};

struct Identity {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string type = "email";
  std::string value;
  bool verified = false;
  bool primary = true;
  Instant created_at{};
};

struct Group {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  bool is_default = false;
  Instant created_at{};
  Instant updated_at{};
  std::optional<std::int64_t> schedule_id;  // ---- schedules: its tickets' calendar; none: the default
};

struct GroupMembership {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::int64_t group_id = 0;
  bool is_default = false;
  Instant created_at{};
};

struct Organization {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::string> domain_names;
  std::string details;
  std::string notes;
  bool shared_tickets = false;
  bool shared_comments = false;
  std::vector<std::string> tags;
  std::optional<std::string> external_id;
  Instant created_at{};
  Instant updated_at{};
};

// Lower-cases and trims; returns empty when the text is not a plausible address.
std::string NormalizeEmail(std::string_view raw);

}  // namespace chamado
