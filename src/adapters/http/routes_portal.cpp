// What the customer portal (web/) needs beyond Zendesk's Requests API: a request's activity
// as the customer may see it, and the portal's settings (the attachment policy to check before
// uploading). docs/api.md "Portal".
#include <array>
#include <memory>

#include "adapters/http/api.hpp"
#include "adapters/http/error_mapping.hpp"
#include "app/activity.hpp"
#include "domain/attachments.hpp"
#include "domain/customer_activity.hpp"
#include "domain/escalation.hpp"

namespace chamado::http {
namespace {

// The portal's languages, the default first (every customer label ships in each).
constexpr std::array<std::string_view, 3> kPortalLocales{"pt-BR", "es", "en"};
constexpr std::int64_t kMiB = 1024 * 1024;

json::object EventJson(const ActivityEvent& e, std::string_view locale) {
  json::object o{{"at", Time(e.at)}, {"type", ActivityTypeName(e.type)}, {"by", ActivityActorName(e.by)}};
  switch (e.type) {
    case ActivityType::kCreated: o["custom_status_id"] = OptId(e.to_status_id); break;
    case ActivityType::kStatusChanged:
      o["from_custom_status_id"] = OptId(e.from_status_id);
      o["to_custom_status_id"] = OptId(e.to_status_id);
      break;
    case ActivityType::kComment: o["comment_id"] = e.comment_id; break;
    case ActivityType::kEscalation:
      if (e.escalation)
        o["escalation"] = json::object{{"state", EscalationStateName(*e.escalation)},
                                       {"label", EscalationLabels(*e.escalation).For(locale)}};
      break;
    case ActivityType::kMerged: o["merged_into"] = OptId(e.merged_into); break;
    case ActivityType::kUnmerged: break;
    case ActivityType::kSatisfactionRated: o["score"] = e.score; break;
  }
  return o;
}

json::object PortalConfigJson(ApiDeps& d) {
  const app::Settings& s = d.tickets.settings();
  json::array locales;
  for (auto l : kPortalLocales) locales.emplace_back(l);
  json::array extensions;
  for (const auto& e : AttachmentPolicy::AllowedExtensions()) extensions.emplace_back(e);
  const std::int64_t total = s.attachment_limits.max_total_bytes;
  json::object attachments{{"allowed_extensions", std::move(extensions)},
                           {"max_files", s.attachment_limits.max_files},
                           {"max_total_bytes", total},
                           {"max_total_mb", total / kMiB},
                           // One file may be as large as a whole message (AttachmentPolicy::CheckFile).
                           {"max_file_bytes", total},
                           {"max_file_mb", total / kMiB},
                           {"available", d.attachments != nullptr}};
  return json::object{{"locales", std::move(locales)},
                      {"default_locale", kDefaultLocale},
                      {"attachments", std::move(attachments)},
                      {"anonymous_requests", s.anonymous_requests},
                      {"signup", d.accounts && d.accounts->settings().signup_enabled}};
}

}  // namespace

void AddPortalRoutes(Router& r, ApiDeps& d) {
  auto activity = std::make_shared<app::ActivityService>(d.store, d.clock, d.workflow);

  // The activity tab: first/last status activity and the customer-safe timeline.
  r.Add("GET", "/api/v2/chamado/requests/:id/activity", AuthMode::kRequired, [activity](Ctx& c) {
    auto view = activity->CustomerActivity(c.caller, c.ids[0]);
    if (!view) return ErrorResponse(view.error());
    // Labels: ?locale= when given (Api::Handle put it in c.locale), else the caller's own.
    std::string locale = c.locale;
    if (!c.req.Query("locale") && IsSupportedLocale(view->viewer_locale)) locale = view->viewer_locale;
    json::array events;
    for (const auto& e : view->events) events.push_back(EventJson(e, locale));
    return JsonResponse(
        200, json::object{{"activity", json::object{{"first_status_activity_at", Time(view->first_status_activity_at)},
                                                    {"last_status_activity_at", Time(view->last_status_activity_at)},
                                                    {"locale", locale},
                                                    {"events", std::move(events)}}}});
  });

  // What the portal draws before anyone signs in: languages, the attachment policy, whether
  // anonymous requests and self sign-up are on. From the running configuration.
  r.Add("GET", "/api/v2/chamado/portal/config", AuthMode::kNone, [&d](Ctx&) {
    return JsonResponse(200, json::object{{"portal", PortalConfigJson(d)}});
  });
}

}  // namespace chamado::http
