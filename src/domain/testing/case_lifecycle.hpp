#pragma once
// Test data builder: the statuses of config/workflows/case-lifecycle.toml (same ids, categories,
// English labels and SLA pauses), without its transitions -- for rules that read statuses only.
#include <cstdint>

#include "domain/testing/test_status.hpp"
#include "domain/workflow.hpp"

namespace chamado::testing {

inline constexpr std::int64_t kNew = 1, kInProgress = 2, kAwaitingConfirmation = 3, kEscalated = 4,
                              kAwaitingResponse = 5, kResolved = 6, kClosed = 7;

inline Workflow CaseLifecycleStatuses() {
  Workflow wf;
  wf.name = "case-lifecycle";
  auto st = [](std::int64_t id, const char* key, Category c, bool def, const char* agent_en, const char* customer_en,
               bool pauses = false, bool closed = false) {
    Status s = TestStatus(id, key, c, def, closed);
    s.agent_label.en = agent_en;
    s.customer_label.en = customer_en;
    s.pauses_sla = pauses;
    return s;
  };
  wf.statuses = {
      st(kNew, "new", Category::kNew, true, "New", "New"),
      st(kInProgress, "in_progress", Category::kOpen, true, "In progress", "In progress"),
      st(kAwaitingConfirmation, "awaiting_confirmation", Category::kPending, false, "Awaiting confirmation",
         "Awaiting your confirmation", true),
      st(kEscalated, "escalated", Category::kHold, true, "Escalated", "Forwarded"),
      st(kAwaitingResponse, "awaiting_response", Category::kPending, true, "Awaiting response",
         "Awaiting your response", true),
      st(kResolved, "resolved", Category::kSolved, true, "Resolved", "Resolved"),
      st(kClosed, "closed", Category::kSolved, false, "Closed", "Closed", false, true),
  };
  wf.initial = "new";
  wf.queue_unassigned = "new";
  wf.queue_assigned = "in_progress";
  wf.customer_close = "closed";
  return wf;
}

}  // namespace chamado::testing
