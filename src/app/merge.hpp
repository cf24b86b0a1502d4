#pragma once
// Manual merge and undo (PRODUCT.md §7, docs/duplicates.md), for agents:
//
// - Merge: POST /api/v2/tickets/{target}/merge {ids, target_comment, source_comment,
//   target_comment_is_public, source_comment_is_public}. Each source moves to the workflow's
//   merge target (Duplicate) as Actor::kMerge, gets merged_into and the source comment; the
//   target gets one comment naming every source (by default quoting each one's last public
//   comment, whose attachments are copied), the sources' requesters and CCs as CCs, and a
//   "chamado_merged_ids" change on its timeline. All or nothing: one transaction, and every
//   refusal is a 4xx before anything changed, so a job never ends "failed".
// - Unmerge: POST /api/v2/chamado/tickets/{source}/unmerge splits a merged ticket (automatic
//   or manual) back out: it returns to the queue with merged_into cleared. What was copied to
//   the target stays there (nothing is lost), and both timelines record the split.
// - Job: GET /api/v2/job_statuses/{id}: the merge a job id names, for clients that poll.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/merge.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

struct MergeCommand {
  std::vector<std::int64_t> ids;              // the sources, at most kMaxMergeSources (repeats are ignored)
  std::optional<std::string> target_comment;  // absent or blank: the default text
  std::optional<std::string> source_comment;
  // Defaults: public when the source's requester is the target's (the same customer reads
  // both), internal otherwise (one customer is never told about another's ticket).
  std::optional<bool> target_comment_is_public;
  std::optional<bool> source_comment_is_public;
};
inline constexpr std::size_t kMaxMergeSources = 5;  // Zendesk's limit per merge

struct MergeJob {
  std::int64_t id = 0;  // the first merge row's id
  std::int64_t target_id = 0;
  std::vector<MergeRecord> merges;  // one per source, in the order given
};

struct UnmergeResult {
  Ticket source;  // as it now is: back in the queue
  std::int64_t target_id = 0;
};

class MergeService final {
 public:
  MergeService(Store& store, Clock& clock, const Workflow& wf) : store_(store), clock_(clock), wf_(wf) {}

  Result<MergeJob> Merge(const Caller& c, std::int64_t target_id, const MergeCommand& cmd);
  Result<UnmergeResult> Unmerge(const Caller& c, std::int64_t source_id);
  Result<MergeJob> Job(const Caller& c, std::int64_t job_id);

 private:
  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
};

}  // namespace chamado::app
