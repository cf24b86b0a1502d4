#pragma once
// Satisfaction ratings, the use cases (docs/satisfaction.md): the requester rates a solved
// ticket good or bad within the window; agents list the ratings and read the report per agent
// or group. The rules are domain/satisfaction.hpp's; the ticket's score moves unoffered ->
// offered where status changes are saved (app/tickets.cpp, app/timers.cpp).
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/satisfaction.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

struct RatingInput {
  std::string score;  // "good" | "bad"
  std::string comment;
  std::string via_channel = "api";  // the rating's audit: "api", "web" (portal), "email" (link)
};

struct RatingResult {
  SatisfactionRating rating;
  bool created = false;  // false: an earlier rating of the ticket was replaced
};

class SatisfactionService final {
 public:
  SatisfactionService(Store& store, Clock& clock, const Workflow& wf, std::chrono::days window)
      : store_(store), clock_(clock), wf_(wf), window_(window) {}

  std::chrono::days window() const { return window_; }

  // The signed-in caller rates ticket `ticket_id` (POST /tickets/{id}/satisfaction_rating and
  // /requests/{id}/satisfaction_rating). A ticket the caller cannot see is 404; one they see
  // but did not request (a CC, an agent) is 422, as are an unsolved ticket and a closed window.
  Result<RatingResult> Rate(const Caller& c, std::int64_t ticket_id, const RatingInput& in);

  // The same for a requester named by a verified signed link (the resolution e-mail's good/bad
  // buttons, e-mail issue): the link's signature stands for the session, so the caller is the
  // user it names. The link's handler verifies the token before calling; nothing here does.
  Result<RatingResult> RateAsRequester(std::int64_t requester_id, std::int64_t ticket_id, const RatingInput& in);

  // Agents and admins (end users 403).
  Result<SatisfactionRating> Show(const Caller& c, std::int64_t id);
  Result<Page<SatisfactionRating>> List(const Caller& c, const SatisfactionFilter& f, const PageRequest& p);
  Result<std::vector<SatisfactionTally>> Report(const Caller& c, const SatisfactionFilter& f, SatisfactionGroupBy by);

 private:
  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
  std::chrono::days window_;
};

}  // namespace chamado::app
