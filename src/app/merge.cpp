#include "app/merge.hpp"

#include <algorithm>

#include "app/duplicates.hpp"
#include "app/notifications.hpp"
#include "app/sla.hpp"
#include "app/timers.hpp"
#include "domain/ticket_change.hpp"

namespace chamado::app {
namespace {

constexpr const char* kVia = "api";

bool Blank(const std::optional<std::string>& s) { return !s || s->find_first_not_of(" \t\r\n") == std::string::npos; }

Error TooManyComments(std::int64_t id) {
  return Error::Invalid("ids", "TooMany", "Comment: ticket #" + std::to_string(id) + " holds at most 5000 comments");
}

std::string LocaleOf(ReadTx& tx, std::int64_t user_id) {
  auto u = tx.UserById(user_id);
  return u ? u->locale : std::string(kDefaultLocale);
}

Comment NewComment(std::int64_t ticket_id, std::int64_t author, std::string body, bool is_public, Instant now) {
  Comment c;
  c.ticket_id = ticket_id;
  c.author_id = author;
  c.body = std::move(body);
  c.is_public = is_public;
  c.via_channel = kVia;
  c.created_at = now;
  return c;
}

}  // namespace

Result<MergeJob> MergeService::Merge(const Caller& c, std::int64_t target_id, const MergeCommand& cmd) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  std::vector<std::int64_t> ids;
  for (auto id : cmd.ids)
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  if (ids.empty()) return Fail(Error::Invalid("ids", "BlankValue", "Ids: name at least one ticket to merge"));
  if (ids.size() > kMaxMergeSources)
    return Fail(Error::Invalid("ids", "TooMany", "Ids: at most 5 tickets can be merged at once"));
  if (!Blank(cmd.target_comment))
    if (auto ok = ValidateCommentBody(*cmd.target_comment, "target_comment"); !ok) return Fail(ok.error());
  if (!Blank(cmd.source_comment))
    if (auto ok = ValidateCommentBody(*cmd.source_comment, "source_comment"); !ok) return Fail(ok.error());

  const Instant now = clock_.Now();
  MergeJob job;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    job = MergeJob{};  // a retried transaction starts over
    // Everything is checked before anything is written.
    auto target = tx.TicketById(target_id);
    if (!target) return Fail(Error::NotFound());
    std::vector<Ticket> sources;
    for (auto id : ids) {
      auto s = tx.TicketById(id);
      if (!s)
        return Fail(Error::Invalid("ids", "InvalidValue", "Ids: ticket #" + std::to_string(id) + " does not exist"));
      if (auto ok = CheckManualMerge(wf_, *s, *target); !ok) return Fail(ok.error());
      if (tx.CommentCount(s->id) >= static_cast<std::int64_t>(kMaxCommentsPerTicket)) return Fail(TooManyComments(id));
      sources.push_back(std::move(*s));
    }
    if (tx.CommentCount(target->id) >= static_cast<std::int64_t>(kMaxCommentsPerTicket))
      return Fail(TooManyComments(target->id));
    const Status* dup = wf_.ByKey(*wf_.merge_target);  // CheckManualMerge: it exists
    const std::string agent_locale = LocaleOf(tx, c.user_id);

    // What the target's comment quotes: each source's last public comment (never a note).
    std::vector<MergedSource> quoted;
    std::vector<std::int64_t> quoted_comment_ids;
    bool same_requester = true;
    for (const auto& s : sources) {
      PageRequest last;
      last.limit = 1;
      last.descending = true;
      last.want_count = false;
      auto page = tx.CommentsOf(s.id, /*public_only=*/true, last);
      quoted.push_back({s.id, s.subject, page.items.empty() ? std::string() : page.items.front().body});
      if (!page.items.empty()) quoted_comment_ids.push_back(page.items.front().id);
      if (s.requester_id != target->requester_id) same_requester = false;
    }

    // 1. The sources: comment, Duplicate, merged_into.
    std::vector<std::int64_t> new_ccs;
    std::vector<std::int64_t> source_comment_ids;
    for (const auto& s : sources) {
      const bool pub = cmd.source_comment_is_public.value_or(s.requester_id == target->requester_id);
      std::string body = Blank(cmd.source_comment) ? MergedSourceText(pub ? LocaleOf(tx, s.requester_id) : agent_locale,
                                                                      target->id, target->subject)
                                                   : *cmd.source_comment;
      Comment note = NewComment(s.id, c.user_id, std::move(body), pub, now);
      tx.InsertComment(note);
      source_comment_ids.push_back(note.id);
      std::vector<Event> ev{CommentEvent(note)};
      Ticket after = s;
      AddStatusEvents(ev, wf_, s.custom_status_id, dup->id);
      after.custom_status_id = dup->id;
      after.merged_into = target->id;
      ev.push_back(ChangeEvent("chamado_merged_into", std::to_string(target->id), ""));
      after.updated_at = now;
      after.version = s.version + 1;
      if (!tx.UpdateTicket(after, s.version))
        return Fail(Error::Conflict("Ticket " + std::to_string(s.id) + " changed meanwhile; please retry"));
      SyncStatusTimer(tx, wf_, s.custom_status_id, after, now);
      // ---- e-mail: the source's customer learns where their case went (app/notifications.hpp)
      if (auto ok = NotifyAudit(tx, wf_, after, SaveAudit(tx, s.id, c.user_id, kVia, now, std::move(ev)), now); !ok)
        return ok;
      if (auto ok = RecomputeSla(tx, wf_, after, now); !ok) return ok;  // ---- sla
      if (s.requester_id != target->requester_id) new_ccs.push_back(s.requester_id);
      new_ccs.insert(new_ccs.end(), s.collaborator_ids.begin(), s.collaborator_ids.end());
    }

    // 2. The target: the sources' people as CCs, one comment naming them all, the timeline.
    Ticket t = *target;
    std::vector<Event> tev;
    if (!new_ccs.empty()) {
      TicketPatch p;
      p.add_collaborator_ids = new_ccs;
      auto out = ApplyPatch(t, p, wf_, Actor::kAgent, now);
      if (!out) return Fail(out.error());
      t = out->after;
      tev = out->events;
    }
    const bool target_public = cmd.target_comment_is_public.value_or(same_requester);
    std::string body = Blank(cmd.target_comment)
                           ? MergedTargetText(target_public ? LocaleOf(tx, t.requester_id) : agent_locale, quoted)
                           : *cmd.target_comment;
    Comment tc = NewComment(t.id, c.user_id, std::move(body), target_public, now);
    tx.InsertComment(tc);
    for (auto from : quoted_comment_ids) tx.CopyAttachments(from, tc.id, t.id);  // the quoted comments' files
    tev.push_back(CommentEvent(tc));
    auto merged = MergedIds(tx, t.id);
    const std::string merged_before = JoinIdList(merged);
    for (const auto& s : sources) merged.push_back(s.id);
    tev.push_back(ChangeEvent("chamado_merged_ids", JoinIdList(merged), merged_before));
    t.updated_at = now;
    t.version = target->version + 1;
    if (!tx.UpdateTicket(t, target->version))
      return Fail(Error::Conflict("Ticket " + std::to_string(t.id) + " changed meanwhile; please retry"));
    // ---- e-mail: a public merge comment reaches the target's customer
    if (auto ok = NotifyAudit(tx, wf_, t, SaveAudit(tx, t.id, c.user_id, kVia, now, std::move(tev)), now); !ok)
      return ok;
    if (auto ok = RecomputeSla(tx, wf_, t, now); !ok) return ok;  // ---- sla

    // 3. The records: one row per source, one job.
    job.target_id = t.id;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      MergeRecord m;
      m.job_id = job.id;  // 0 for the first: InsertMerge makes it the row's own id
      m.kind = std::string(kMergeManual);
      m.source_id = sources[i].id;
      m.target_id = t.id;
      m.source_comment_id = source_comment_ids[i];
      m.target_comment_id = tc.id;
      m.author_id = c.user_id;
      m.created_at = now;
      tx.InsertMerge(m);
      job.id = m.job_id;
      job.merges.push_back(m);
    }
    return {};
  });
  if (!r) return Fail(r.error());
  return job;
}

Result<UnmergeResult> MergeService::Unmerge(const Caller& c, std::int64_t source_id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  const Instant now = clock_.Now();
  UnmergeResult result;
  auto r = store_.Write([&](WriteTx& tx) -> Result<void> {
    auto src = tx.TicketById(source_id);
    if (!src) return Fail(Error::NotFound());
    MergeFilter f;
    f.source_id = source_id;
    std::optional<MergeRecord> merge;
    for (auto& m : tx.ListMerges(f))
      if (m.active()) merge = m;
    if (!merge || !src->merged_into || *src->merged_into != merge->target_id)
      return Fail(Error::Invalid(
          "id", "NotMerged", "Unmerge: ticket #" + std::to_string(source_id) + " is not merged into another ticket"));
    auto target = tx.TicketById(merge->target_id);
    if (!target)
      return Fail(Error::Invalid("id", "InvalidValue",
                                 "Unmerge: ticket #" + std::to_string(merge->target_id) + " no longer exists"));

    // 1. The source: back to the queue, on its own again. A terminal status is left only
    // here: an undo restores what a merge took, it is not a move of the workflow.
    Ticket after = *src;
    std::vector<Event> ev;
    const Status& back = AfterUnmerge(wf_, *src);
    AddStatusEvents(ev, wf_, src->custom_status_id, back.id);
    after.custom_status_id = back.id;
    after.merged_into.reset();
    ev.push_back(ChangeEvent("chamado_merged_into", "", std::to_string(target->id)));
    after.updated_at = now;
    after.version = src->version + 1;
    if (!tx.UpdateTicket(after, src->version))
      return Fail(Error::Conflict("Ticket " + std::to_string(source_id) + " changed meanwhile; please retry"));
    SyncStatusTimer(tx, wf_, src->custom_status_id, after, now);
    SaveAudit(tx, source_id, c.user_id, kVia, now, std::move(ev));
    if (auto ok = RecomputeSla(tx, wf_, after, now); !ok) return ok;  // ---- sla

    // 2. The target keeps what it received (nothing is lost); its timeline and, while it is
    // open, an internal note say the ticket was split back out.
    Ticket t = *target;
    auto merged = MergedIds(tx, t.id);
    const std::string merged_before = JoinIdList(merged);
    std::erase(merged, source_id);
    std::vector<Event> tev{ChangeEvent("chamado_merged_ids", JoinIdList(merged), merged_before)};
    const Status* ts = wf_.ById(t.custom_status_id);
    if (ts && !ts->closed && tx.CommentCount(t.id) < static_cast<std::int64_t>(kMaxCommentsPerTicket)) {
      Comment note =
          NewComment(t.id, c.user_id, UnmergedTargetNote(LocaleOf(tx, c.user_id), source_id), /*is_public=*/false, now);
      tx.InsertComment(note);
      tev.push_back(CommentEvent(note));
    }
    t.updated_at = now;
    t.version = target->version + 1;
    if (!tx.UpdateTicket(t, target->version))
      return Fail(Error::Conflict("Ticket " + std::to_string(t.id) + " changed meanwhile; please retry"));
    SaveAudit(tx, t.id, c.user_id, kVia, now, std::move(tev));
    if (auto ok = RecomputeSla(tx, wf_, t, now); !ok) return ok;  // ---- sla
    tx.UndoMerge(merge->id, now, c.user_id);
    result.source = after;
    result.target_id = t.id;
    return {};
  });
  if (!r) return Fail(r.error());
  return result;
}

Result<MergeJob> MergeService::Job(const Caller& c, std::int64_t job_id) {
  if (c.anonymous) return Fail(Error::Unauthenticated());
  if (!c.IsStaff()) return Fail(Error::Forbidden());
  MergeJob job;
  auto r = store_.Read([&](ReadTx& tx) -> Result<void> {
    MergeFilter f;
    f.job_id = job_id;
    job.merges = tx.ListMerges(f);
    return {};
  });
  if (!r) return Fail(r.error());
  if (job.merges.empty()) return Fail(Error::NotFound());
  job.id = job_id;
  job.target_id = job.merges.front().target_id;
  return job;
}

}  // namespace chamado::app
