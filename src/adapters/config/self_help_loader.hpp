#pragma once
// Reads the self-help answers file (`self_help.file`; docs/email.md "Self-help"):
//
//   topic_field = "topic"        # optional: the ticket field whose value picks the topic
//   [[topic]]
//   value = "login"              # the field's value (a dropdown option's tag)
//   [[topic.answer]]
//   locale = "pt-BR"             # pt-BR, es or en
//   title = "Redefina sua senha"
//   text = """..."""
//   url = "https://..."          # optional
//
// A topic's answers in the requester's locale are sent, else its pt-BR ones.
#include <string>
#include <string_view>

#include "app/self_help.hpp"
#include "domain/error.hpp"

namespace chamado::config {

// Parses and checks a self-help file's text; errors are one line "SOURCE:LINE: problem".
// `default_topic_field` is used when the file names none.
Result<app::SelfHelpConfig> ParseSelfHelp(std::string_view toml_text, std::string_view source_name,
                                          std::string default_topic_field);
Result<app::SelfHelpConfig> LoadSelfHelp(const std::string& path, std::string default_topic_field);

}  // namespace chamado::config
