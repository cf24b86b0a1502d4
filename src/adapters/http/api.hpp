#pragma once
// The Zendesk-compatible API: routes, authentication, and the mapping of use-case
// results to JSON. Handlers are thin: parse -> use case -> map.
#include <memory>

#include "adapters/http/message.hpp"
#include "adapters/http/router.hpp"
#include "app/directory.hpp"
#include "app/ports.hpp"
#include "app/tickets.hpp"

namespace chamado::http {

struct ApiDeps {
  app::Store& store;
  app::Crypto& crypto;
  app::Clock& clock;
  app::ManualClock* manual_clock;  // set only with --clock=manual
  app::TicketService& tickets;
  app::DirectoryService& directory;
  const Workflow& workflow;
};

class Api {
 public:
  explicit Api(ApiDeps deps);
  Response Handle(Request& req);

 private:
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

// Helpers shared by the route files.
Urls UrlsFor(const Request& r);
Result<std::int64_t> RequireAuth(const Ctx& c);

}  // namespace chamado::http
