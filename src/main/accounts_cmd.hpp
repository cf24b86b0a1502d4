#pragma once
// Operator commands of accounts (issue 8; docs/accounts.md), on the store directly (the server
// may run): `admin user deactivate|export|erase`, `admin token list|revoke`.
//
//   AccountCommands cmds;
//   cmds.Register(*user, *token);          // before parsing
//   if (cmds.Parsed()) return cmds.Run({...});
#include <CLI/CLI.hpp>
#include <cstdint>
#include <ostream>
#include <string>

#include "adapters/config/settings.hpp"
#include "app/blobs.hpp"
#include "app/ports.hpp"
#include "domain/workflow.hpp"

namespace chamado {

struct AccountCmdContext {
  app::Store& store;
  app::Clock& clock;
  app::Crypto& crypto;
  const config::Settings& settings;
  app::BlobStore* blobs;     // export copies attachments from it
  const Workflow& workflow;  // tickets in the export are shown through it, as by the API
  std::ostream& out;
};

class AccountCommands {
 public:
  void Register(CLI::App& user, CLI::App& token);
  bool Parsed() const;
  // Returns the exit code: 0, or 2 with a one-line message on stderr.
  int Run(const AccountCmdContext& c);

 private:
  CLI::App* deactivate_ = nullptr;
  CLI::App* export_ = nullptr;
  CLI::App* erase_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* revoke_ = nullptr;
  std::string email_;
  std::string to_;
  std::int64_t id_ = 0;
  bool yes_ = false;
};

}  // namespace chamado
