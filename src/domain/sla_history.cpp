// A ticket's audits reduced to what SLA targets look at (domain/sla.hpp SlaHistoryFromAudits).
#include <charconv>
#include <map>

#include "domain/escalation.hpp"
#include "domain/sla.hpp"

namespace chamado {
namespace {

std::optional<std::int64_t> ParseId(const std::string& text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace

std::vector<SlaHistoryEvent> SlaHistoryFromAudits(const std::vector<Audit>& audits,
                                                  const std::function<bool(std::int64_t author_id)>& is_agent,
                                                  std::int64_t requester_id, std::span<const Comment> comments) {
  using Kind = SlaHistoryEvent::Kind;
  std::map<std::int64_t, std::int64_t> comment_author;
  for (const auto& c : comments) comment_author[c.id] = c.author_id;

  std::vector<SlaHistoryEvent> out;
  bool escalated = false;
  // The creation's status when its audit names none: the status the first later move left.
  std::optional<std::size_t> unknown_initial;
  for (std::size_t i = 0; i < audits.size(); ++i) {
    const Audit& a = audits[i];
    const bool creation = i == 0;  // AllAuditsOf starts with the creation's audit
    if (creation) {
      out.push_back({Kind::kStatus, a.created_at, 0});
      unknown_initial = 0;
    }
    for (const auto& e : a.events) {
      if (e.field_name == "custom_status_id" && (e.type == "Change" || e.type == "Create")) {
        auto to = ParseId(e.value);
        if (!to) continue;
        if (creation) {
          out[0].status_id = *to;
          unknown_initial.reset();
          continue;
        }
        if (unknown_initial) {
          out[*unknown_initial].status_id = ParseId(e.previous_value).value_or(0);
          unknown_initial.reset();
        }
        out.push_back({Kind::kStatus, a.created_at, *to});
      } else if (e.type == "Comment") {
        if (e.value != "public") continue;
        auto it = comment_author.find(e.comment_id);
        const std::int64_t author = it != comment_author.end() ? it->second : a.author_id;
        if (author == kSystemAuthorId) continue;
        const bool agent = author != requester_id && is_agent && is_agent(author);
        out.push_back({agent ? Kind::kAgentPublicReply : Kind::kRequesterPublicComment, a.created_at, 0});
      } else if (e.field_name == "problem_id" && (e.type == "Change" || e.type == "Create")) {
        const bool linked = !e.value.empty();
        if (linked && !escalated) out.push_back({Kind::kEscalated, a.created_at, 0});
        if (!linked && escalated) out.push_back({Kind::kEscalationConcluded, a.created_at, 0});
        escalated = linked;
      } else if (e.type == kEscalationEvent && e.field_name == kEscalationConcluded) {
        if (escalated) out.push_back({Kind::kEscalationConcluded, a.created_at, 0});
        escalated = false;
      }
    }
  }
  return out;
}

}  // namespace chamado
