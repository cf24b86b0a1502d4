// Audits, metrics and incremental exports.
#include "adapters/http/api.hpp"

namespace chamado::http {

void AddAuditRoutes(Router&, ApiDeps&) {}

}  // namespace chamado::http
