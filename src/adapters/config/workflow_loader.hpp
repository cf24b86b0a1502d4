#pragma once
// Reads workflow files (TOML) into domain::Workflow. The two shipped workflows are
// embedded in the binary; an admin may point the config at a file of their own.
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/workflow.hpp"

namespace chamado::config {

// Parses and validates a workflow file's text. On failure the error's description is one
// line naming `source_name`, the line number where known, and the problem, e.g.
// "workflows/x.toml:12: status 'done': unknown category 'finished'".
Result<Workflow> ParseWorkflow(std::string_view toml_text, std::string_view source_name);

// "case-lifecycle" or "simple" pick a shipped workflow; anything else is a file path.
Result<Workflow> LoadWorkflow(const std::string& name_or_path);

}  // namespace chamado::config
