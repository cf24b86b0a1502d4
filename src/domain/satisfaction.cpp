#include "domain/satisfaction.hpp"

#include <charconv>

namespace chamado {
namespace {

std::optional<std::int64_t> ParseId(const std::string& text) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return v;
}

bool IsSolved(const Workflow& wf, std::optional<std::int64_t> status_id) {
  const Status* s = status_id ? wf.ById(*status_id) : nullptr;
  return s && s->category == Category::kSolved;
}

// The merge target (Duplicate), named by the workflow, not by us.
bool IsMergeTarget(const Workflow& wf, const Status& s) { return wf.merge_target && s.key == *wf.merge_target; }

}  // namespace

std::optional<Instant> LastSolvedAt(const Workflow& wf, const std::vector<Audit>& audits) {
  std::optional<Instant> at;
  for (const auto& a : audits)
    for (const auto& e : a.events) {
      if (e.field_name != "custom_status_id") continue;
      const bool to_solved = IsSolved(wf, ParseId(e.value));
      // A creation's status event has the initial status as its previous value (or none).
      const bool from_solved = IsSolved(wf, ParseId(e.previous_value));
      if (!to_solved)
        at.reset();  // reopened: not solved any more
      else if (!from_solved)
        at = a.created_at;
    }
  return at;
}

void OfferSatisfactionOnSolve(const Workflow& wf, std::optional<std::int64_t> before_status_id, Ticket& t) {
  if (t.satisfaction_score != kSatisfactionUnoffered) return;
  if (t.merged_into) return;
  const Status* now = wf.ById(t.custom_status_id);
  if (!now || now->category != Category::kSolved || IsMergeTarget(wf, *now)) return;
  if (before_status_id && IsSolved(wf, *before_status_id)) return;
  t.satisfaction_score = std::string(kSatisfactionOffered);
}

Result<void> CheckCanRate(const Workflow& wf, const Ticket& t, std::int64_t rater_id, std::optional<Instant> solved_at,
                          Instant now, std::chrono::days window) {
  const std::string id = std::to_string(t.id);
  if (t.requester_id != rater_id)
    return Fail(Error::Invalid("requester_id", "NotRequester",
                               "Satisfaction rating: only the requester of ticket " + id + " can rate it"));
  const Status* s = wf.ById(t.custom_status_id);
  if (s && (t.merged_into || IsMergeTarget(wf, *s)))
    return Fail(Error::Invalid("status", "Merged",
                               "Status: ticket " + id + " was merged into another case" +
                                   (t.merged_into ? " (" + std::to_string(*t.merged_into) + ")" : std::string()) +
                                   "; rate that case instead"));
  if (!s || s->category != Category::kSolved || !solved_at)
    return Fail(Error::Invalid("status", "NotSolved", "Status: ticket " + id + " can be rated once it is solved"));
  if (now > RatingWindowEnd(*solved_at, window))
    return Fail(Error::Invalid("satisfaction_rating", "WindowClosed",
                               "Satisfaction rating: ticket " + id + " was solved at " + FormatIso(*solved_at) +
                                   "; ratings are accepted for " + std::to_string(window.count()) +
                                   " days after a ticket is solved"));
  return {};
}

Result<void> ValidateRatingInput(std::string_view score, std::string_view comment) {
  if (score != kSatisfactionGood && score != kSatisfactionBad)
    return Fail(Error::Invalid("score", "InvalidValue", "Score: must be \"good\" or \"bad\""));
  if (comment.size() > kMaxSatisfactionCommentBytes)
    return Fail(Error::Invalid(
        "comment", "TooLong",
        "Comment: is too long (maximum is " + std::to_string(kMaxSatisfactionCommentBytes / 1024) + " KB)"));
  return {};
}

}  // namespace chamado
