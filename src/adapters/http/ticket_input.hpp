#pragma once
// JSON bodies of the Tickets and Requests APIs -> use-case commands.
#include <boost/json.hpp>

#include "app/tickets.hpp"

namespace chamado::http {

Result<app::TicketCommand> ParseTicketCommand(const boost::json::object& o);
Result<app::RequestCommand> ParseRequestCommand(const boost::json::object& o);

}  // namespace chamado::http
