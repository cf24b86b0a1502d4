#include "domain/mail.hpp"

namespace chamado {

std::string_view ThreadRuleName(ThreadRule r) {
  switch (r) {
    case ThreadRule::kInReplyTo: return "in_reply_to";
    case ThreadRule::kReferences: return "references";
    case ThreadRule::kReplyToken: return "reply_token";
    case ThreadRule::kSubjectTag: return "subject_tag";
    case ThreadRule::kThreadIndex: return "thread_index";
    case ThreadRule::kFollowUp: return "follow_up";
    case ThreadRule::kDuplicate: return "duplicate";
    case ThreadRule::kNewTicket: return "new_ticket";
    case ThreadRule::kDuplicateDelivery: return "duplicate_delivery";
    case ThreadRule::kBounce: return "bounce";
    case ThreadRule::kIgnoredAutomated: return "ignored_automated";
    case ThreadRule::kSuspended: return "suspended";
  }
  return "new_ticket";
}

std::string_view DeliveryStateName(DeliveryState s) {
  switch (s) {
    case DeliveryState::kQueued: return "queued";
    case DeliveryState::kSending: return "sending";
    case DeliveryState::kSent: return "sent";
    case DeliveryState::kDead: return "dead";
    case DeliveryState::kBounced: return "bounced";
  }
  return "queued";
}

std::optional<DeliveryState> ParseDeliveryState(std::string_view s) {
  for (auto st : {DeliveryState::kQueued, DeliveryState::kSending, DeliveryState::kSent, DeliveryState::kDead,
                  DeliveryState::kBounced})
    if (DeliveryStateName(st) == s) return st;
  return std::nullopt;
}

}  // namespace chamado
