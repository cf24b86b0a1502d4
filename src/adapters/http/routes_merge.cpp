// Merging (docs/duplicates.md): POST /api/v2/tickets/{id}/merge (Zendesk's shape, answered
// synchronously with a completed job_status), GET /api/v2/job_statuses/{id} for clients that
// poll it, and our POST /api/v2/chamado/tickets/{id}/unmerge. Agents only.
#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "adapters/http/json_input.hpp"
#include "app/merge.hpp"

namespace chamado::http {
namespace {

app::MergeService Service(ApiDeps& d) { return app::MergeService(d.store, d.clock, d.workflow); }

// {"ids": [..], "target_comment": "..", "source_comment": "..", "target_comment_is_public": b,
//  "source_comment_is_public": b}, flat like Zendesk's.
Result<app::MergeCommand> ParseMerge(const std::string& body) {
  auto root = ParseJson(body);
  if (!root) return Fail(root.error());
  if (!root->is_object()) return Fail(Error::BadRequest("The body must be a JSON object"));
  FieldReader r(root->as_object());
  app::MergeCommand cmd;
  if (auto ids = r.IntList("ids")) cmd.ids = *ids;
  cmd.target_comment = r.Str("target_comment");
  cmd.source_comment = r.Str("source_comment");
  cmd.target_comment_is_public = r.Bool("target_comment_is_public");
  cmd.source_comment_is_public = r.Bool("source_comment_is_public");
  if (!r.ok()) return Fail(r.error());
  return cmd;
}

json::object JobStatusJson(const app::MergeJob& job, const Urls& u) {
  json::array results;
  for (std::size_t i = 0; i < job.merges.size(); ++i) {
    const auto& m = job.merges[i];
    results.push_back({{"index", static_cast<std::int64_t>(i)},
                       {"id", m.source_id},
                       {"action", "merge"},
                       {"success", true},
                       {"status", m.active() ? "Merged" : "Unmerged"}});
  }
  const auto n = static_cast<std::int64_t>(job.merges.size());
  const std::string id = std::to_string(job.id);
  const Instant at = job.merges.empty() ? Instant{} : job.merges.front().created_at;
  return {{"id", id},
          {"url", u.Api("job_statuses/" + id)},
          {"job_type", "merge"},
          {"status", "completed"},
          {"total", n},
          {"progress", n},
          {"message", "Completed at " + FormatIso(at)},
          {"results", std::move(results)},
          {"chamado_target_id", job.target_id}};
}

}  // namespace

void AddMergeRoutes(Router& r, ApiDeps& d) {
  r.Add("POST", "/api/v2/tickets/:id/merge", AuthMode::kRequired, [&d](Ctx& c) {
    auto cmd = ParseMerge(c.req.body);
    if (!cmd) return ErrorResponse(cmd.error());
    auto job = Service(d).Merge(c.caller, c.ids[0], *cmd);
    if (!job) return ErrorResponse(job.error());
    return JsonResponse(200, json::object{{"job_status", JobStatusJson(*job, c.urls)}});
  });

  // Today only merge jobs exist; ids are the first merge row's id.
  r.Add("GET", "/api/v2/job_statuses/:id", AuthMode::kRequired, [&d](Ctx& c) {
    auto job = Service(d).Job(c.caller, c.ids[0]);
    if (!job) return ErrorResponse(job.error());
    return JsonResponse(200, json::object{{"job_status", JobStatusJson(*job, c.urls)}});
  });

  r.Add("POST", "/api/v2/chamado/tickets/:id/unmerge", AuthMode::kRequired, [&d](Ctx& c) {
    auto res = Service(d).Unmerge(c.caller, c.ids[0]);
    if (!res) return ErrorResponse(res.error());
    return JsonResponse(200, json::object{{"ticket", TicketJson(res->source, d.workflow, c.urls)},
                                          {"chamado_split_from", res->target_id}});
  });
}

}  // namespace chamado::http
