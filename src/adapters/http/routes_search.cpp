// Search API: /search, /requests/search, /search/export.
#include "adapters/http/api.hpp"

namespace chamado::http {

void AddSearchRoutes(Router&, ApiDeps&) {}

}  // namespace chamado::http
