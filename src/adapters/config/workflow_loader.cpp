#include "adapters/config/workflow_loader.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <span>
#include <sstream>
#include <utility>

#include "adapters/config/toml_reading.hpp"

namespace chamado::config {

// Generated at build time from config/workflows/*.toml: (file name, text).
std::vector<std::pair<std::string_view, std::string_view>> ShippedWorkflowFiles();

namespace {

using namespace toml_reading;  // Located, Parsed, At, Quoted, Failure

constexpr std::string_view kShippedDir = "config/workflows/";

// "30m", "24h", "7d", "90s", or several of them in a row ("1h30m"). Calendar time.
std::optional<std::chrono::seconds> ParseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::int64_t n = 0;
    std::size_t digits = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, ++digits) {
      n = n * 10 + (text[i] - '0');
      if (n > 1'000'000'000) return std::nullopt;
    }
    if (digits == 0 || i == text.size()) return std::nullopt;
    switch (text[i++]) {
      case 's': total += n; break;
      case 'm': total += n * 60; break;
      case 'h': total += n * 3600; break;
      case 'd': total += n * 86400; break;
      default: return std::nullopt;
    }
    if (total > 10LL * 366 * 86400) return std::nullopt;  // nor 10 years
  }
  return std::chrono::seconds{total};
}

constexpr std::string_view kTopLevelKeys[] = {"name",  "initial", "customer_close", "merge_target",
                                              "queue", "status",  "transition",     "self_help"};

// Refuses keys outside `allowed` (typos would otherwise be ignored silently). Reports the
// first unknown key in file order.
Parsed<void> CheckKeys(const toml::table& t, std::span<const std::string_view> allowed, const std::string& where,
                       bool in_status = false) {
  const toml::key* unknown = nullptr;
  for (auto&& [k, v] : t) {
    if (std::find(allowed.begin(), allowed.end(), k.str()) != allowed.end()) continue;
    if (!unknown || k.source().begin.line < unknown->source().begin.line) unknown = &k;
  }
  if (!unknown) return {};
  std::string message = where + "unknown key " + Quoted(unknown->str());
  if (in_status &&
      std::find(std::begin(kTopLevelKeys), std::end(kTopLevelKeys), unknown->str()) != std::end(kTopLevelKeys)) {
    // TOML's classic trap: a top-level key written after a [[status]] header belongs to that status.
    return std::unexpected(Located{unknown->source().begin.line,
                                   message + ": top-level keys must come before the first [[status]] table"});
  }
  std::string expected;
  for (auto a : allowed) expected += (expected.empty() ? "" : ", ") + std::string(a);
  return std::unexpected(Located{unknown->source().begin.line, message + " (expected one of: " + expected + ")"});
}

// Typed reads of one table's keys. `where` prefixes messages ("status 'new': "); a missing
// key is reported at the table's own line.
class TableReader final {
 public:
  TableReader(const toml::table& t, std::string where) : t_(t), where_(std::move(where)) {}

  const std::string& Where() const { return where_; }
  std::uint32_t Line() const { return t_.source().begin.line; }
  const toml::node* Node(std::string_view key) const { return t_.get(key); }

  Parsed<std::optional<std::string>> OptString(std::string_view key) const {
    const toml::node* n = t_.get(key);
    if (!n) return std::nullopt;
    if (const auto* s = n->as_string()) return s->get();
    return At(*n, where_ + Quoted(key) + " must be a string");
  }
  Parsed<std::string> String(std::string_view key) const {
    auto v = OptString(key);
    if (!v) return std::unexpected(v.error());
    if (!*v) return Missing(key);
    if ((*v)->empty()) return At(*t_.get(key), where_ + Quoted(key) + " must not be empty");
    return std::move(**v);
  }
  Parsed<bool> Bool(std::string_view key, bool fallback) const {
    const toml::node* n = t_.get(key);
    if (!n) return fallback;
    if (const auto* b = n->as_boolean()) return b->get();
    return At(*n, where_ + Quoted(key) + " must be true or false");
  }
  Parsed<std::int64_t> Int(std::string_view key) const {
    const toml::node* n = t_.get(key);
    if (!n) return Missing(key);
    if (const auto* i = n->as_integer()) return i->get();
    return At(*n, where_ + Quoted(key) + " must be an integer");
  }
  Parsed<const toml::table*> Table(std::string_view key, bool required) const {
    const toml::node* n = t_.get(key);
    if (!n) return required ? Missing(key) : Parsed<const toml::table*>(nullptr);
    if (const auto* t = n->as_table()) return t;
    return At(*n, where_ + Quoted(key) + " must be a table, like { key = \"value\" }");
  }

 private:
  std::unexpected<Located> Missing(std::string_view key) const {
    return std::unexpected(Located{Line(), where_ + "missing " + Quoted(key)});
  }

  const toml::table& t_;
  std::string where_;
};

Parsed<Labels> ReadLabels(const TableReader& parent, std::string_view key) {
  auto table = parent.Table(key, true);
  if (!table) return std::unexpected(table.error());
  static constexpr std::string_view kLocales[] = {"pt-BR", "es", "en"};
  TableReader r(**table, parent.Where() + std::string(key) + ": ");
  if (auto ok = CheckKeys(**table, kLocales, r.Where()); !ok) return std::unexpected(ok.error());
  Labels labels;
  std::string* slots[] = {&labels.pt_br, &labels.es, &labels.en};
  for (std::size_t i = 0; i < std::size(kLocales); ++i) {
    auto text = r.String(kLocales[i]);
    if (!text) return std::unexpected(text.error());
    *slots[i] = std::move(*text);
  }
  return labels;
}

Parsed<std::optional<AutoTransition>> ReadAuto(const TableReader& parent) {
  auto table = parent.Table("auto", false);
  if (!table) return std::unexpected(table.error());
  if (!*table) return std::nullopt;
  static constexpr std::string_view kKeys[] = {"after", "to"};
  TableReader r(**table, parent.Where() + "auto: ");
  if (auto ok = CheckKeys(**table, kKeys, r.Where()); !ok) return std::unexpected(ok.error());
  auto after = r.String("after");
  if (!after) return std::unexpected(after.error());
  auto to = r.String("to");
  if (!to) return std::unexpected(to.error());
  auto delay = ParseDuration(*after);
  if (!delay) {
    return At(*r.Node("after"),
              r.Where() + Quoted(*after) + " is not a duration (write e.g. \"30m\", \"24h\", \"7d\")");
  }
  return AutoTransition{*delay, std::move(*to)};
}

Parsed<std::optional<Reminder>> ReadRemind(const TableReader& parent) {
  auto table = parent.Table("remind", false);
  if (!table) return std::unexpected(table.error());
  if (!*table) return std::nullopt;
  static constexpr std::string_view kKeys[] = {"after"};
  TableReader r(**table, parent.Where() + "remind: ");
  if (auto ok = CheckKeys(**table, kKeys, r.Where()); !ok) return std::unexpected(ok.error());
  auto after = r.String("after");
  if (!after) return std::unexpected(after.error());
  auto delay = ParseDuration(*after);
  if (!delay) {
    return At(*r.Node("after"),
              r.Where() + Quoted(*after) + " is not a duration (write e.g. \"30m\", \"24h\", \"7d\")");
  }
  return Reminder{*delay};
}

Parsed<Status> ReadStatus(const toml::table& t, std::size_t index) {
  static constexpr std::string_view kKeys[] = {"key",
                                               "id",
                                               "category",
                                               "default",
                                               "closed",
                                               "agent_label",
                                               "customer_label",
                                               "cc_label",
                                               "description",
                                               "customer_may_comment",
                                               "customer_may_close",
                                               "customer_may_reopen",
                                               "pauses_sla",
                                               "on_customer_reply",
                                               "on_assignment",
                                               "auto",
                                               "remind"};
  Status s;
  {
    auto key = TableReader(t, "status #" + std::to_string(index + 1) + ": ").String("key");
    if (!key) return std::unexpected(key.error());
    s.key = std::move(*key);
  }
  TableReader r(t, "status " + Quoted(s.key) + ": ");
  if (auto ok = CheckKeys(t, kKeys, r.Where(), true); !ok) return std::unexpected(ok.error());

  auto id = r.Int("id");
  if (!id) return std::unexpected(id.error());
  s.id = *id;

  auto category = r.String("category");
  if (!category) return std::unexpected(category.error());
  auto parsed_category = ParseCategory(*category);
  if (!parsed_category) {
    return At(*r.Node("category"),
              r.Where() + "unknown category " + Quoted(*category) + " (expected new, open, pending, hold or solved)");
  }
  s.category = *parsed_category;

  struct Flag {
    std::string_view key;
    bool* slot;
    bool fallback;
  };
  const Flag flags[] = {
      {"default", &s.is_default, false},
      {"closed", &s.closed, false},
      {"customer_may_comment", &s.customer_may_comment, true},
      {"customer_may_close", &s.customer_may_close, false},
      {"customer_may_reopen", &s.customer_may_reopen, false},
      {"pauses_sla", &s.pauses_sla, false},
  };
  for (const Flag& f : flags) {
    auto v = r.Bool(f.key, f.fallback);
    if (!v) return std::unexpected(v.error());
    *f.slot = *v;
  }

  auto agent_label = ReadLabels(r, "agent_label");
  if (!agent_label) return std::unexpected(agent_label.error());
  s.agent_label = std::move(*agent_label);
  if (r.Node("customer_label")) {
    auto customer_label = ReadLabels(r, "customer_label");
    if (!customer_label) return std::unexpected(customer_label.error());
    s.customer_label = std::move(*customer_label);
  } else {
    s.customer_label = s.agent_label;
  }
  if (r.Node("cc_label")) {
    auto cc_label = ReadLabels(r, "cc_label");
    if (!cc_label) return std::unexpected(cc_label.error());
    s.cc_label = std::move(*cc_label);
  }

  auto description = r.OptString("description");
  if (!description) return std::unexpected(description.error());
  s.description = description->value_or("");

  for (auto [key, slot] : {std::pair{"on_customer_reply", &s.on_customer_reply}, {"on_assignment", &s.on_assignment}}) {
    auto v = r.OptString(key);
    if (!v) return std::unexpected(v.error());
    *slot = std::move(*v);
  }

  auto auto_transition = ReadAuto(r);
  if (!auto_transition) return std::unexpected(auto_transition.error());
  s.auto_transition = std::move(*auto_transition);

  auto remind = ReadRemind(r);
  if (!remind) return std::unexpected(remind.error());
  s.remind = std::move(*remind);
  return s;
}

Parsed<Transition> ReadTransition(const toml::table& t) {
  static constexpr std::string_view kKeys[] = {"from", "to", "by"};
  // Named by whatever from/to it has, so even a broken one can be found in the file.
  auto name_of = [&](std::string_view key) {
    const auto* s = t.get_as<std::string>(key);
    return s ? Quoted(s->get()) : std::string("?");
  };
  TableReader r(t, "transition " + name_of("from") + " -> " + name_of("to") + ": ");
  if (auto ok = CheckKeys(t, kKeys, r.Where()); !ok) return std::unexpected(ok.error());
  Transition tr;
  auto from = r.String("from");
  if (!from) return std::unexpected(from.error());
  tr.from = std::move(*from);
  auto to = r.String("to");
  if (!to) return std::unexpected(to.error());
  tr.to = std::move(*to);

  const toml::node* by = r.Node("by");
  if (!by) return std::unexpected(Located{r.Line(), r.Where() + "missing 'by' (who may make this move)"});
  const toml::array* actors = by->as_array();
  if (!actors) return At(*by, r.Where() + "'by' must be a list, like [\"agent\", \"system\"]");
  for (const toml::node& a : *actors) {
    const auto* name = a.as_string();
    auto actor = name ? ParseActor(name->get()) : std::nullopt;
    if (!actor) {
      std::string shown = name ? Quoted(name->get()) : std::string("a non-string value");
      return At(a, r.Where() + "unknown actor " + shown + " (expected agent, customer, system or merge)");
    }
    tr.by.insert(*actor);
  }
  return tr;
}

// Tables of an array of tables: `[[status]]` blocks, or `status = [ {...}, {...} ]`.
Parsed<std::vector<const toml::table*>> TablesOf(const toml::table& root, std::string_view key, bool required) {
  std::vector<const toml::table*> out;
  const toml::node* n = root.get(key);
  if (!n) {
    if (required)
      return std::unexpected(
          Located{0, "missing " + Quoted(key) + " (write at least one [[" + std::string(key) + "]] table)"});
    return out;
  }
  const toml::array* arr = n->as_array();
  if (!arr) return At(*n, Quoted(key) + " must be a list of tables: write [[" + std::string(key) + "]]");
  for (const toml::node& e : *arr) {
    const toml::table* t = e.as_table();
    if (!t) return At(e, "each " + Quoted(key) + " entry must be a table");
    out.push_back(t);
  }
  return out;
}

// Where Validate()'s finding lives in the file: the line of the offending key if present,
// else of its table; 0 for what has no place in the file.
std::uint32_t LineOf(const WorkflowIssue& issue, const toml::table& root, std::span<const toml::table* const> statuses,
                     std::span<const toml::table* const> transitions) {
  auto key_line = [](const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    return (n ? n : &t)->source().begin.line;
  };
  using W = WorkflowIssue::Where;
  if (issue.where == W::kStatus && issue.index < statuses.size()) {
    std::string_view key = issue.field;
    if (key == "is_default") key = "default";
    if (key == "auto_transition") key = "auto";
    return key_line(*statuses[issue.index], key);
  }
  if (issue.where == W::kTransition && issue.index < transitions.size()) {
    return key_line(*transitions[issue.index], issue.field);
  }
  if (issue.where == W::kWorkflow) {
    if (issue.field == "queue_unassigned" || issue.field == "queue_assigned") {
      const toml::table* queue = root.get_as<toml::table>("queue");
      if (!queue) return 0;
      return key_line(*queue, issue.field == "queue_assigned" ? "assigned" : "unassigned");
    }
    if (const toml::node* n = root.get(issue.field)) return n->source().begin.line;
  }
  return 0;
}

Parsed<Workflow> ReadWorkflow(const toml::table& root) {
  if (auto ok = CheckKeys(root, kTopLevelKeys, ""); !ok) return std::unexpected(ok.error());
  TableReader r(root, "");
  Workflow wf;
  for (auto [key, slot] :
       {std::pair{"name", &wf.name}, {"initial", &wf.initial}, {"customer_close", &wf.customer_close}}) {
    if (!root.get(key)) return std::unexpected(Located{0, "missing " + Quoted(key)});  // no line to point at
    auto v = r.String(key);
    if (!v) return std::unexpected(v.error());
    *slot = std::move(*v);
  }
  auto merge_target = r.OptString("merge_target");
  if (!merge_target) return std::unexpected(merge_target.error());
  wf.merge_target = std::move(*merge_target);

  if (!root.get("queue"))
    return std::unexpected(Located{0, "missing the [queue] table (unassigned = ..., assigned = ...)"});
  auto queue = r.Table("queue", true);
  if (!queue) return std::unexpected(queue.error());
  static constexpr std::string_view kQueueKeys[] = {"unassigned", "assigned"};
  TableReader q(**queue, "queue: ");
  if (auto ok = CheckKeys(**queue, kQueueKeys, q.Where()); !ok) return std::unexpected(ok.error());
  for (auto [key, slot] : {std::pair{"unassigned", &wf.queue_unassigned}, {"assigned", &wf.queue_assigned}}) {
    auto v = q.String(key);
    if (!v) return std::unexpected(v.error());
    *slot = std::move(*v);
  }

  // ---- self-help e-mail: self_help = { wait = "...", yes = "...", no = "queue" } (optional)
  auto self_help = r.Table("self_help", false);
  if (!self_help) return std::unexpected(self_help.error());
  if (*self_help) {
    static constexpr std::string_view kSelfHelpKeys[] = {"wait", "yes", "no"};
    TableReader h(**self_help, "self_help: ");
    if (auto ok = CheckKeys(**self_help, kSelfHelpKeys, h.Where()); !ok) return std::unexpected(ok.error());
    SelfHelpMoves moves;
    for (auto [key, slot] : {std::pair{"wait", &moves.wait}, {"yes", &moves.yes}}) {
      auto v = h.String(key);
      if (!v) return std::unexpected(v.error());
      *slot = std::move(*v);
    }
    auto no = h.OptString("no");
    if (!no) return std::unexpected(no.error());
    if (*no) moves.no = std::move(**no);
    wf.self_help = std::move(moves);
  }

  auto status_tables = TablesOf(root, "status", true);
  if (!status_tables) return std::unexpected(status_tables.error());
  for (std::size_t i = 0; i < status_tables->size(); ++i) {
    auto s = ReadStatus(*(*status_tables)[i], i);
    if (!s) return std::unexpected(s.error());
    wf.statuses.push_back(std::move(*s));
  }
  auto transition_tables = TablesOf(root, "transition", false);
  if (!transition_tables) return std::unexpected(transition_tables.error());
  for (const toml::table* t : *transition_tables) {
    auto tr = ReadTransition(*t);
    if (!tr) return std::unexpected(tr.error());
    wf.transitions.push_back(std::move(*tr));
  }

  // The domain's rules; report the first finding in file order (those without a line last).
  std::optional<Located> first;
  for (const WorkflowIssue& issue : FindWorkflowIssues(wf)) {
    Located here{LineOf(issue, root, *status_tables, *transition_tables), issue.message};
    auto order = [](std::uint32_t line) { return line == 0 ? std::numeric_limits<std::uint32_t>::max() : line; };
    if (!first || order(here.line) < order(first->line)) first = std::move(here);
  }
  if (first) return std::unexpected(std::move(*first));
  return wf;
}

}  // namespace

Result<Workflow> ParseWorkflow(std::string_view toml_text, std::string_view source_name) {
  return toml_reading::ParseTomlWith(toml_text, source_name, ReadWorkflow);
}

Result<Workflow> LoadWorkflow(const std::string& name_or_path) {
  if (name_or_path == "case-lifecycle" || name_or_path == "simple") {
    const std::string file = name_or_path + ".toml";
    for (auto [name, text] : ShippedWorkflowFiles()) {
      if (name != file) continue;
      if (text.starts_with('\n')) text.remove_prefix(1);  // the embedding adds one; keep line numbers true
      return ParseWorkflow(text, std::string(kShippedDir) + file);
    }
    return Fail(Error::Internal("the built-in workflow " + Quoted(name_or_path) + " is missing from this build"));
  }
  std::error_code ec;
  if (std::filesystem::is_directory(name_or_path, ec)) {
    return Fail(Error{ErrorCode::kInvalid, "workflow file " + Quoted(name_or_path) + " is a directory", {}});
  }
  std::ifstream in(name_or_path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || in.bad()) {
    return Fail(Error{ErrorCode::kInvalid,
                      "cannot read workflow file " + Quoted(name_or_path) +
                          " (the workflow setting takes \"case-lifecycle\", \"simple\" or a file path)",
                      {}});
  }
  return ParseWorkflow(text.str(), name_or_path);
}

}  // namespace chamado::config
