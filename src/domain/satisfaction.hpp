#pragma once
// Satisfaction ratings (PRODUCT.md §8, zendesk-compat.md §12; docs/satisfaction.md): after a
// ticket is solved its requester may rate it good or bad, with a comment, within a window that
// starts when it was solved. Pure: the instant it was solved is read from the audits given,
// `now` and the window are arguments.
//
// Which solved statuses may be rated: every solved-category status (Resolved, and the closed
// ones: Closed by a timer, Closed by you) except the merge target (Duplicate) and any ticket
// merged into another. A customer's rating judges the service they got; an automatic close
// (7 days after Resolved, 48 h without an answer) does not end their right to give it, and a
// customer who closed the case themselves ("Closed by you") has just judged it — that is when a
// support team most wants the rating, as Zendesk offers the survey whoever solved the ticket.
// A Duplicate's contact was added to another case: that case is the one to rate.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/ticket.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// Ticket::satisfaction_score values (Zendesk's).
inline constexpr std::string_view kSatisfactionUnoffered = "unoffered";
inline constexpr std::string_view kSatisfactionOffered = "offered";
inline constexpr std::string_view kSatisfactionGood = "good";
inline constexpr std::string_view kSatisfactionBad = "bad";

// A comment longer than this is refused (422 on `comment`).
inline constexpr std::size_t kMaxSatisfactionCommentBytes = 8 * 1024;

// One ticket's rating: the latest score its requester gave (a re-rating replaces score and
// comment and keeps the id; each rating is also an audit on the ticket's timeline). The
// assignee and group are the ticket's when it was (last) rated: the reports credit them.
struct SatisfactionRating {
  std::int64_t id = 0;
  std::int64_t ticket_id = 0;
  std::int64_t requester_id = 0;
  std::optional<std::int64_t> assignee_id;
  std::optional<std::int64_t> group_id;
  std::string score;  // "good" or "bad"
  std::string comment;
  Instant created_at{};
  Instant updated_at{};
};

// The instant the ticket was last solved: its latest move from a non-solved into a
// solved-category status (a creation straight into a solved status counts), read from the
// status events of `audits` (oldest first). None when it is not solved now (never solved, or
// reopened since).
std::optional<Instant> LastSolvedAt(const Workflow& wf, const std::vector<Audit>& audits);

// Does a move from `before_status_id` (nullopt: a new ticket) to the ticket's status offer it a
// rating? Then its satisfaction_score moves unoffered -> offered (a ticket already rated keeps
// its score: the requester may change it after the next solve). Call it wherever a status
// change is saved.
void OfferSatisfactionOnSolve(const Workflow& wf, std::optional<std::int64_t> before_status_id, Ticket& t);

// May `rater_id` rate `t` now? The rules, in this order: the rater is the requester (422 on
// requester_id, "NotRequester"); the ticket is solved and not a duplicate (422 on status,
// "NotSolved" / "Merged"); `now` is within `window` of `solved_at` (422 on
// satisfaction_rating, "WindowClosed"). Visibility (404) is the app's.
Result<void> CheckCanRate(const Workflow& wf, const Ticket& t, std::int64_t rater_id, std::optional<Instant> solved_at,
                          Instant now, std::chrono::days window);

// The score and comment a requester sent: score "good" or "bad" (422 on score), the comment
// within kMaxSatisfactionCommentBytes (422 on comment).
Result<void> ValidateRatingInput(std::string_view score, std::string_view comment);

// The last instant a ticket solved at `solved_at` can be rated.
inline Instant RatingWindowEnd(Instant solved_at, std::chrono::days window) { return solved_at + window; }

}  // namespace chamado
