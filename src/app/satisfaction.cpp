#include "app/satisfaction.hpp"

#include "app/audit_history.hpp"

namespace chamado::app {
namespace {

Result<void> StaffOnly(const Caller& c) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  return {};
}

// The rating's event on the timeline: by the requester, the score it moved from and to. The
// comment is on the rating (and the ticket's satisfaction_rating), not repeated here.
Event RatingEvent(const std::string& score, const std::string& previous) {
  Event e;
  e.type = "SatisfactionRating";
  e.field_name = "satisfaction_score";
  e.value = score;
  e.previous_value = previous;
  return e;
}

}  // namespace

Result<RatingResult> SatisfactionService::Rate(const Caller& c, std::int64_t ticket_id, const RatingInput& in) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (auto ok = ValidateRatingInput(in.score, in.comment); !ok) return Fail(ok.error());
  const Instant now = clock_.Now();
  RatingResult out;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    out = {};  // the store may run this function again (a retried transaction)
    auto t = tx.TicketById(ticket_id);
    // Not visible reads exactly like not existing.
    if (!t || !CanSeeTicket(c, *t)) return Fail(Error::NotFound());
    const auto solved_at = LastSolvedAt(wf_, AllAuditsOf(tx, ticket_id));
    if (auto ok = CheckCanRate(wf_, *t, c.user_id, solved_at, now, window_); !ok) return Fail(ok.error());

    auto existing = tx.SatisfactionRatingOfTicket(ticket_id);
    SatisfactionRating rating = existing.value_or(SatisfactionRating{});
    rating.ticket_id = ticket_id;
    rating.requester_id = t->requester_id;
    rating.assignee_id = t->assignee_id;  // credited to whoever holds the ticket when rated
    rating.group_id = t->group_id;
    rating.score = in.score;
    rating.comment = in.comment;
    rating.updated_at = now;
    if (existing) {
      tx.UpdateSatisfactionRating(rating);
    } else {
      rating.created_at = now;
      tx.InsertSatisfactionRating(rating);
    }

    Ticket after = *t;
    after.satisfaction_score = rating.score;
    after.satisfaction_comment = rating.comment;
    after.satisfaction_rating_id = rating.id;
    after.updated_at = now;
    after.version = t->version + 1;
    if (!tx.UpdateTicket(after, t->version))
      return Fail(Error::Conflict("Ticket " + std::to_string(ticket_id) + " changed meanwhile; please retry"));
    Audit a;
    a.ticket_id = ticket_id;
    a.author_id = c.user_id;
    a.via_channel = in.via_channel;
    a.created_at = now;
    a.events.push_back(RatingEvent(rating.score, t->satisfaction_score));
    tx.InsertAudit(a);
    out.rating = rating;
    out.created = !existing;
    return {};
  });
  if (!r) return Fail(r.error());
  return out;
}

Result<RatingResult> SatisfactionService::RateAsRequester(std::int64_t requester_id, std::int64_t ticket_id,
                                                          const RatingInput& in) {
  return Rate(Caller{requester_id, Role::kEndUser, false}, ticket_id, in);
}

Result<SatisfactionRating> SatisfactionService::Show(const Caller& c, std::int64_t id) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  std::optional<SatisfactionRating> rating;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    rating = tx.SatisfactionRatingById(id);
    return {};
  });
  if (!r) return Fail(r.error());
  if (!rating) return Fail(Error::NotFound());
  return *rating;
}

Result<Page<SatisfactionRating>> SatisfactionService::List(const Caller& c, const SatisfactionFilter& f,
                                                           const PageRequest& p) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  Page<SatisfactionRating> page;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    page = tx.ListSatisfactionRatings(f, p);
    return {};
  });
  if (!r) return Fail(r.error());
  return page;
}

Result<std::vector<SatisfactionTally>> SatisfactionService::Report(const Caller& c, const SatisfactionFilter& f,
                                                                   SatisfactionGroupBy by) {
  if (auto ok = StaffOnly(c); !ok) return Fail(ok.error());
  std::vector<SatisfactionTally> rows;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    rows = tx.SatisfactionReport(f, by);
    return {};
  });
  if (!r) return Fail(r.error());
  return rows;
}

}  // namespace chamado::app
