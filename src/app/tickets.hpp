#pragma once
// Ticket use cases for agents (Tickets API) and end users (Requests API).
// Order inside each: authorize -> validate -> load -> apply domain rule -> save -> return.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/duplicates.hpp"
#include "app/ports.hpp"
#include "domain/access.hpp"
#include "domain/priority_volume.hpp"
#include "domain/ticket_change.hpp"
#include "domain/workflow.hpp"

namespace chamado::app {

// A user named by id, or by e-mail (created as an end user when unknown).
struct UserRef {
  std::optional<std::int64_t> id;
  std::string email;
  std::string name;
  std::string locale;
};

struct CommentInput {
  std::string body;
  std::string html_body;
  std::optional<bool> is_public;  // default true
  std::optional<std::int64_t> author_id;
  std::vector<std::string> uploads;  // ---- attachments: upload tokens whose files the comment takes
};

struct TicketResult {
  Ticket ticket;
  std::optional<Audit> audit;  // empty when an update changed nothing
  std::vector<Comment> comments;
};

struct TicketCommand {
  TicketPatch patch;
  std::optional<CommentInput> comment;
  std::optional<std::string> description;  // used as the first comment when no comment is given
  std::optional<UserRef> requester;
  std::optional<std::int64_t> submitter_id;
  std::optional<std::string> assignee_email;
  std::optional<std::vector<UserRef>> collaborators;  // replaces the CC list
  std::vector<UserRef> additional_collaborators;
  std::string via_channel = "api";
  std::optional<std::int64_t> followup_source_id;
  bool safe_update = false;
  std::optional<Instant> updated_stamp;
  // ---- e-mail: runs last inside the use case's transaction, with the result so far (the
  // inbound message's record, app/mail_intake.cpp: a message and its ticket or comment commit
  // together, so a redelivery can never make a second ticket). An error rolls everything back.
  std::function<Result<void>(WriteTx&, const TicketResult&)> within_tx;
};

enum class RequestScope { kAll, kOpen, kSolved, kCcd };

struct RequestCommand {
  std::string subject;
  std::optional<CommentInput> comment;
  std::optional<UserRef> requester;  // anonymous requests only
  std::vector<UserRef> collaborators;
  std::vector<UserRef> additional_collaborators;
  Patch<Priority> priority;
  Patch<TicketType> type;
  std::vector<CustomFieldValue> custom_fields;
  std::optional<bool> solved;
  std::string via_channel = "web";
  // ---- e-mail: a reply to a closed ticket opens a follow-up of it (app/mail_intake.hpp); it
  // is never an automatic duplicate. Not settable through the Requests API.
  std::optional<std::int64_t> followup_source_id;
  // ---- e-mail: runs last inside the use case's transaction, with the result so far (the
  // inbound message's record, app/mail_intake.cpp: a message and its ticket or comment commit
  // together, so a redelivery can never make a second ticket). An error rolls everything back.
  std::function<Result<void>(WriteTx&, const TicketResult&)> within_tx;
};

struct Settings {
  bool anonymous_requests = true;      // POST /requests without credentials (the web form)
  AttachmentLimits attachment_limits;  // ---- attachments: per message ([attachments], domain/attachments.hpp)
  int satisfaction_window_days = 14;   // ---- satisfaction: [satisfaction] window_days (app/satisfaction.hpp)
  DuplicateSettings duplicates;        // ---- duplicates: [duplicates] (app/duplicates.hpp); off by default
  VolumeRule priority_volume;          // ---- priority from volume: [escalation] volume_* (app/priority_volume.hpp)
};

class TicketService final {
 public:
  TicketService(Store& store, Clock& clock, const Workflow& wf, Settings settings = {})
      : store_(store), clock_(clock), wf_(wf), settings_(settings) {}

  const Workflow& workflow() const { return wf_; }
  const Settings& settings() const { return settings_; }

  // Tickets API (agents and admins).
  Result<TicketResult> Create(const Caller& c, const TicketCommand& cmd);
  Result<TicketResult> Update(const Caller& c, std::int64_t id, const TicketCommand& cmd);
  Result<Ticket> Show(const Caller& c, std::int64_t id);
  Result<std::vector<Ticket>> ShowMany(const Caller& c, const std::vector<std::int64_t>& ids);
  Result<Page<Ticket>> List(const Caller& c, const TicketFilter& f, const PageRequest& p);
  Result<Page<Comment>> Comments(const Caller& c, std::int64_t id, const PageRequest& p);

  // Requests API (the requester's view; agents calling it count as end users).
  Result<Page<Ticket>> ListRequests(const Caller& c, RequestScope scope, const PageRequest& p);
  // ---- duplicates: every end-user channel opens tickets here (portal/API: via "web"; e-mail
  // and chat: their via_channel). A contact from a customer with an active case comes back as
  // a Duplicate of that case (merged_into set; app/duplicates.hpp).
  Result<TicketResult> CreateRequest(const Caller& c, const RequestCommand& cmd);
  Result<Ticket> ShowRequest(const Caller& c, std::int64_t id);
  Result<TicketResult> UpdateRequest(const Caller& c, std::int64_t id, const RequestCommand& cmd);
  Result<Page<Comment>> RequestComments(const Caller& c, std::int64_t id, const PageRequest& p);
  // Would `solved: true` from this caller close the ticket?
  bool CanBeSolvedBy(const Caller& c, const Ticket& t) const;

 private:
  Store& store_;
  Clock& clock_;
  const Workflow& wf_;
  Settings settings_;
};

}  // namespace chamado::app
