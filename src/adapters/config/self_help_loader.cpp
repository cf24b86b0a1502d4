#include "adapters/config/self_help_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "adapters/config/toml_reading.hpp"
#include "domain/user.hpp"

namespace chamado::config {
namespace {

using namespace toml_reading;

Parsed<void> OnlyKeys(const toml::table& t, std::initializer_list<std::string_view> allowed, const std::string& where) {
  for (auto&& [k, v] : t)
    if (std::find(allowed.begin(), allowed.end(), k.str()) == allowed.end())
      return std::unexpected(Located{k.source().begin.line, where + "unknown key " + Quoted(k.str())});
  return {};
}

Parsed<std::string> Text(const toml::table& t, std::string_view key, const std::string& where, bool required) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) return std::unexpected(Located{t.source().begin.line, where + "missing " + Quoted(key)});
    return std::string();
  }
  const auto* s = n->as_string();
  if (!s) return At(*n, where + Quoted(key) + " must be a string");
  if (required && s->get().empty()) return At(*n, where + Quoted(key) + " must not be empty");
  return s->get();
}

Parsed<std::vector<const toml::table*>> Tables(const toml::table& t, std::string_view key) {
  std::vector<const toml::table*> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) return At(*n, Quoted(key) + " must be a list of tables: write [[" + std::string(key) + "]]");
  for (const toml::node& e : *arr) {
    const toml::table* tt = e.as_table();
    if (!tt) return At(e, "each " + Quoted(key) + " entry must be a table");
    out.push_back(tt);
  }
  return out;
}

Parsed<app::SelfHelpConfig> ReadSelfHelp(const toml::table& root, std::string default_topic_field) {
  if (auto ok = OnlyKeys(root, {"topic_field", "topic"}, ""); !ok) return std::unexpected(ok.error());
  app::SelfHelpConfig cfg;
  auto field = Text(root, "topic_field", "", false);
  if (!field) return std::unexpected(field.error());
  cfg.topic_field = field->empty() ? std::move(default_topic_field) : std::move(*field);
  auto topics = Tables(root, "topic");
  if (!topics) return std::unexpected(topics.error());
  for (const toml::table* tt : *topics) {
    if (auto ok = OnlyKeys(*tt, {"value", "answer"}, "topic: "); !ok) return std::unexpected(ok.error());
    auto value = Text(*tt, "value", "topic: ", true);
    if (!value) return std::unexpected(value.error());
    const std::string where = "topic " + Quoted(*value) + ": ";
    if (std::any_of(cfg.topics.begin(), cfg.topics.end(), [&](const auto& t) { return t.value == *value; }))
      return std::unexpected(Located{tt->source().begin.line, where + "listed twice"});
    app::SelfHelpTopic topic;
    topic.value = std::move(*value);
    auto answers = Tables(*tt, "answer");
    if (!answers) return std::unexpected(answers.error());
    if (answers->empty()) return std::unexpected(Located{tt->source().begin.line, where + "has no [[topic.answer]]"});
    for (const toml::table* at : *answers) {
      if (auto ok = OnlyKeys(*at, {"locale", "title", "text", "url"}, where); !ok) return std::unexpected(ok.error());
      auto locale = Text(*at, "locale", where, true);
      if (!locale) return std::unexpected(locale.error());
      if (!IsSupportedLocale(*locale))
        return At(*at->get("locale"), where + "locale " + Quoted(*locale) + " is not one of pt-BR, es, en");
      app::SelfHelpAnswer a;
      for (auto [key, slot, required] :
           {std::tuple{"title", &a.title, true}, {"text", &a.text, true}, {"url", &a.url, false}}) {
        auto v = Text(*at, key, where, required);
        if (!v) return std::unexpected(v.error());
        *slot = std::move(*v);
      }
      if (!a.url.empty() && !a.url.starts_with("https://") && !a.url.starts_with("http://"))
        return At(*at->get("url"), where + "url must start with https:// or http://");
      auto it =
          std::find_if(topic.answers.begin(), topic.answers.end(), [&](const auto& p) { return p.first == *locale; });
      if (it == topic.answers.end()) it = topic.answers.insert(topic.answers.end(), {*locale, {}});
      it->second.push_back(std::move(a));
    }
    cfg.topics.push_back(std::move(topic));
  }
  return cfg;
}

}  // namespace

Result<app::SelfHelpConfig> ParseSelfHelp(std::string_view toml_text, std::string_view source_name,
                                          std::string default_topic_field) {
  return ParseTomlWith(toml_text, source_name,
                       [&](const toml::table& root) { return ReadSelfHelp(root, default_topic_field); });
}

Result<app::SelfHelpConfig> LoadSelfHelp(const std::string& path, std::string default_topic_field) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return Fail(Error{ErrorCode::kInvalid, "cannot read the self-help file " + Quoted(path) + " (self_help.file)", {}});
  std::ostringstream text;
  text << in.rdbuf();
  return ParseSelfHelp(text.str(), path, std::move(default_topic_field));
}

}  // namespace chamado::config
