#pragma once
#include <ostream>

#include "app/ports.hpp"
#include "domain/workflow.hpp"

namespace chamado {

// Fills an empty help desk with demo data through the same use cases the API uses, and
// prints the logins and fresh API tokens. On a help desk that has data it only prints
// logins and new tokens for the demo users.
int RunDemo(app::Store& store, app::Clock& clock, app::Crypto& crypto, const Workflow& wf, std::ostream& out);

}  // namespace chamado
