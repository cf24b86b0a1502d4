#pragma once
// Self-help e-mail (issue 7, PRODUCT.md §6; docs/email.md "Self-help"): when a ticket is created
// with a topic that has self-help answers in the requester's language (fallback pt-BR), the
// system moves it from the initial status to the workflow's `self_help.wait` (Awaiting your
// confirmation) and e-mails the answers with "Yes, close this case" / "No, keep it open" links
// (app/mail_links.hpp: single-use, expiring with the wait status's `auto` timer). The answers
// come from the `self_help.file` TOML (adapters/config/self_help_loader.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/ports.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

struct SelfHelpAnswer {
  std::string title;
  std::string text;
  std::string url;  // optional: "read more"
};

struct SelfHelpTopic {
  std::string value;  // the topic field's value (a dropdown option's tag)
  std::vector<std::pair<std::string, std::vector<SelfHelpAnswer>>> answers;  // per locale
};

struct SelfHelpConfig {
  std::string topic_field = "topic";  // the ticket field's key whose value picks the topic
  std::vector<SelfHelpTopic> topics;
};

// The answers for `topic` in `locale`, else in pt-BR; nullptr when there are none.
const std::vector<SelfHelpAnswer>* SelfHelpAnswersFor(const SelfHelpConfig& cfg, std::string_view topic,
                                                      std::string_view locale);

// Set once at start-up (serve) before any request; without it (or without e-mail
// notifications, app/notifications.hpp) no ticket gets self-help.
void ConfigureSelfHelp(SelfHelpConfig cfg, Crypto* crypto);

// Called by ticket creation (TicketService::Create and CreateRequest, so every channel) once
// the ticket, its first comment and its audit are saved: when the ticket is still in the
// initial status, its topic has answers and the workflow has `self_help`, moves it (system
// audit with a Rule "self_help") and queues the "self_help" e-mail. Returns the ticket as it
// now is (unchanged when nothing applied).
Result<Ticket> OfferSelfHelp(WriteTx& tx, const Workflow& wf, const Ticket& t, Instant now);

}  // namespace chamado::app
