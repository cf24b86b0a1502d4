#pragma once
// Accounts in JSON (issue 8; docs/accounts.md): sessions, profile, API tokens, the audit log,
// a person's export (the same document from the API and from `chamado admin user export`),
// and the claims of an SSO JWT read from its JSON.
#include <boost/json.hpp>

#include "adapters/http/json_mapping.hpp"
#include "app/privacy.hpp"
#include "app/sso.hpp"
#include "domain/workflow.hpp"

namespace chamado::http {

// {id, via, created_at, last_seen_at} and, with `full`, ip, user_agent and current.
json::object SessionJson(const app::Session& s, bool full = false, std::int64_t current_id = 0);
// {id, name, email, role, verified, locale, time_zone, phone, notify_email, notify_whatsapp}
json::object ProfileJson(const User& u);
// {id, user_id, description, prefix, created_at, last_used_at, revoked_at, active}: never the token.
json::object ApiTokenJson(const app::ApiToken& t);
// {id, created_at, user_id, actor_id, kind, email, ip, detail}
json::object AuthEventJson(const app::AuthEvent& e);
// {"export": {generated_at, user, identities, group_memberships, tickets, comments,
// satisfaction_ratings, mails, sessions, api_tokens, auth_events, attachments}}: attachments
// carry content_url like any attachment JSON (on `u`'s base).
json::object PersonExportJson(const app::PersonExport& x, const Workflow& wf, const Urls& u, Instant generated_at);

// A JWT as it arrived: SplitJwt, then the header's alg and the payload's claims. kBadRequest
// when it is not three base64url parts of JSON objects. locale_id may be a number (Zendesk's
// ids) or a string; external_id and jti a string or a number; tags an array or "a,b".
Result<app::JwtToken> ReadJwt(std::string_view token);

}  // namespace chamado::http
