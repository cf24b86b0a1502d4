#include "domain/ticket.hpp"

#include <algorithm>
#include <cctype>

namespace chamado {

std::string_view PriorityName(Priority p) {
  switch (p) {
    case Priority::kLow: return "low";
    case Priority::kNormal: return "normal";
    case Priority::kHigh: return "high";
    case Priority::kUrgent: return "urgent";
  }
  return "normal";
}

std::optional<Priority> ParsePriority(std::string_view n) {
  if (n == "low") return Priority::kLow;
  if (n == "normal") return Priority::kNormal;
  if (n == "high") return Priority::kHigh;
  if (n == "urgent") return Priority::kUrgent;
  return std::nullopt;
}

std::string_view TicketTypeName(TicketType t) {
  switch (t) {
    case TicketType::kQuestion: return "question";
    case TicketType::kIncident: return "incident";
    case TicketType::kProblem: return "problem";
    case TicketType::kTask: return "task";
  }
  return "question";
}

std::optional<TicketType> ParseTicketType(std::string_view n) {
  if (n == "question") return TicketType::kQuestion;
  if (n == "incident") return TicketType::kIncident;
  if (n == "problem") return TicketType::kProblem;
  if (n == "task") return TicketType::kTask;
  return std::nullopt;
}

// Zendesk tags: lower-case, no spaces (a space separates tags), unique, order kept.
std::vector<std::string> NormalizeTags(const std::vector<std::string>& raw) {
  std::vector<std::string> out;
  for (const auto& r : raw) {
    std::string cur;
    auto flush = [&] {
      if (!cur.empty() && std::find(out.begin(), out.end(), cur) == out.end()) out.push_back(cur);
      cur.clear();
    };
    for (unsigned char c : r) {
      if (std::isspace(c) || c == ',')
        flush();
      else
        cur.push_back(static_cast<char>(std::tolower(c)));
    }
    flush();
  }
  return out;
}

}  // namespace chamado
