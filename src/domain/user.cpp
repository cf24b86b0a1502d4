#include "domain/user.hpp"

#include <algorithm>
#include <cctype>

namespace chamado {

std::string_view RoleName(Role r) {
  switch (r) {
    case Role::kEndUser: return "end-user";
    case Role::kAgent: return "agent";
    case Role::kAdmin: return "admin";
  }
  return "end-user";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "end-user" || name == "end_user") return Role::kEndUser;
  if (name == "agent") return Role::kAgent;
  if (name == "admin") return Role::kAdmin;
  return std::nullopt;
}

bool IsSupportedLocale(std::string_view locale) { return locale == "pt-BR" || locale == "es" || locale == "en"; }

std::string NormalizeEmail(std::string_view raw) {
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.front()))) raw.remove_prefix(1);
  while (!raw.empty() && std::isspace(static_cast<unsigned char>(raw.back()))) raw.remove_suffix(1);
  std::string e(raw);
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  const auto at = e.find('@');
  // Limit: a plausibility check (one @, a dot in the domain, no spaces), not RFC 5322.
  if (at == std::string::npos || at == 0 || at != e.rfind('@') || e.size() > 254) return {};
  const auto dot = e.find('.', at);
  if (dot == std::string::npos || dot == at + 1 || e.back() == '.') return {};
  if (std::any_of(e.begin(), e.end(),
                  [](unsigned char c) { return std::isspace(c) || c == ',' || c == '<' || c == '>'; }))
    return {};
  return e;
}

}  // namespace chamado
