#pragma once
// The Zendesk-compatible API: routes, authentication, and the mapping of use-case
// results to JSON. Handlers are thin: parse -> use case -> map.
#include <functional>
#include <memory>

#include "adapters/http/message.hpp"
#include "adapters/http/router.hpp"
#include "app/accounts.hpp"
#include "app/attachments.hpp"
#include "app/auth.hpp"
#include "app/calendars.hpp"
#include "app/directory.hpp"
#include "app/mail_intake.hpp"
#include "app/mail_ports.hpp"
#include "app/outbox.hpp"
#include "app/ports.hpp"
#include "app/privacy.hpp"
#include "app/sso.hpp"
#include "app/staff.hpp"
#include "app/tickets.hpp"

namespace chamado::http {

class RateLimiter;
class StaticSite;
class TrustedProxies;

struct ApiDeps {
  app::Store& store;
  app::Crypto& crypto;
  app::Clock& clock;
  app::ManualClock* manual_clock;  // set only with --clock=manual
  app::TicketService& tickets;
  app::DirectoryService& directory;
  const Workflow& workflow;
  // Rate limits ([limits]); null: off (the headers then carry fixed figures).
  RateLimiter* limiter = nullptr;
  // Whose X-Forwarded-* to believe ([server] trusted_proxies); null: loopback peers only.
  const TrustedProxies* trusted_proxies = nullptr;
  // ---- attachments (routes_uploads.cpp): uploads, downloads, comments' attachments; null:
  // the upload routes answer 503 and comments list no attachments.
  app::AttachmentService* attachments = nullptr;
  // ---- schedules (routes_schedules.cpp): business-hours schedules and holiday sets; null:
  // those routes answer 503.
  app::CalendarService* calendars = nullptr;
  // ---- timers (routes_ops.cpp): run by the manual clock's endpoint once it moved the clock,
  // to fire every timer now due before answering (scheduler::Scheduler::CatchUp); an error
  // answers 503. Null: the endpoint answers at once.
  std::function<Result<int>()> catch_up_timers;
  // ---- mail outbox (routes_mail_out.cpp): the delivery log and the dead letters; null: those
  // routes answer 503.
  app::OutboxService* outbox = nullptr;
  // ---- inbound mail (routes_mail_in.cpp): the mailgate's endpoint, suspended tickets, a
  // ticket's mail; null: those routes answer 503.
  app::MailIntakeService* mail_intake = nullptr;
  // ---- e-mail links (routes_links.cpp): renders the pages behind the self-help and
  // satisfaction links; null: those pages answer 503.
  app::MailRenderer* mail_renderer = nullptr;
  // ---- accounts (routes_auth.cpp, routes_staff.cpp): sign-in, sessions (the chamado_session
  // cookie is read only when `accounts` is set), SSO, API tokens, LGPD; null: those routes
  // answer 503 (SSO's 404).
  app::AccountService* accounts = nullptr;
  app::SsoService* sso = nullptr;
  app::StaffService* staff = nullptr;
  app::PrivacyService* privacy = nullptr;
  // ---- portal (static_site.hpp): the web app's files, served at "/" for GETs no route
  // takes; null: those are 404s.
  const StaticSite* site = nullptr;
};

class Api {
 public:
  explicit Api(ApiDeps deps);
  Response Handle(Request& req);
  // Quick reads the server may run on its io thread: GETs other than search and exports,
  // which can read many index entries.
  static bool IsQuickRead(const Request& req);
  // ---- uploads: requests whose body the server spools to a file (ServerOptions::spools_body)
  static bool SpoolsBody(const Request& req);

 private:
  Result<app::SessionAuth> Authenticate(const app::Credentials& cred, const std::optional<std::string>& cookie,
                                        const Request& req);
  ApiDeps deps_;
  Router router_;
};

// Route registration, one file each.
void AddTicketRoutes(Router& r, ApiDeps& d);
void AddRequestRoutes(Router& r, ApiDeps& d);
void AddPeopleRoutes(Router& r, ApiDeps& d);
void AddOpsRoutes(Router& r, ApiDeps& d);
void AddSearchRoutes(Router& r, ApiDeps& d);
void AddAuditRoutes(Router& r, ApiDeps& d);
void AddUploadRoutes(Router& r, ApiDeps& d);        // ---- attachments (routes_uploads.cpp)
void AddEscalationRoutes(Router& r, ApiDeps& d);    // ---- escalation (routes_escalation.cpp)
void AddMergeRoutes(Router& r, ApiDeps& d);         // ---- duplicates and merging (routes_merge.cpp)
void AddSatisfactionRoutes(Router& r, ApiDeps& d);  // ---- satisfaction (routes_satisfaction.cpp)
void AddRedactionRoutes(Router& r, ApiDeps& d);     // ---- redaction (routes_redaction.cpp)
void AddScheduleRoutes(Router& r, ApiDeps& d);      // ---- schedules (routes_schedules.cpp)
void AddSlaRoutes(Router& r, ApiDeps& d);           // ---- sla (routes_sla.cpp)
void AddMailOutRoutes(Router& r, ApiDeps& d);       // ---- mail outbox (routes_mail_out.cpp)
void AddLinkRoutes(Router& r, ApiDeps& d);          // ---- e-mail links' pages (routes_links.cpp)
void AddMailInRoutes(Router& r, ApiDeps& d);        // ---- inbound mail (routes_mail_in.cpp)
void AddAuthRoutes(Router& r, ApiDeps& d);          // ---- accounts: sign-in, profile, /access/* (routes_auth.cpp)
void AddStaffRoutes(Router& r, ApiDeps& d);         // ---- accounts: tokens, deactivation, LGPD (routes_staff.cpp)
void AddPortalRoutes(Router& r, ApiDeps& d);  // ---- portal: request activity, portal settings (routes_portal.cpp)

// Helpers shared by the route files.
// The base of absolute links: the Host header, or X-Forwarded-Proto/Host when the request
// came through a trusted proxy (Request::via_trusted_proxy, set by Api::Handle).
Urls UrlsFor(const Request& r);
Result<std::int64_t> RequireAuth(const Ctx& c);

}  // namespace chamado::http
