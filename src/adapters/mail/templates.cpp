#include "adapters/mail/templates.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <set>
#include <sstream>

#include "domain/user.hpp"

namespace chamado::mail {
namespace {

namespace mu = kainjow::mustache;

constexpr std::string_view kSuffix = ".mustache";
constexpr std::string_view kMarker = "==== ";

thread_local std::vector<std::string> t_unresolved;

// kainjow's context, recording the names nothing answered (for the tests' strict check).
class RecordingContext final : public mu::basic_context<std::string> {
 public:
  explicit RecordingContext(const mu::data* root) : inner_(root) {}
  void push(const mu::data* d) override { inner_.push(d); }
  void pop() override { inner_.pop(); }
  const mu::data* get(const std::string& name) const override {
    const mu::data* v = inner_.get(name);
    if (!v && std::find(t_unresolved.begin(), t_unresolved.end(), name) == t_unresolved.end())
      t_unresolved.push_back(name);
    return v;
  }
  const mu::data* get_partial(const std::string& name) const override { return inner_.get_partial(name); }

 private:
  mu::context<std::string> inner_;
};

mu::data ToData(const app::TemplateValue& v) {
  using K = app::TemplateValue::Kind;
  switch (v.kind) {
    case K::kText: return mu::data(v.text);
    case K::kBool: return mu::data(v.flag ? mu::data::type::bool_true : mu::data::type::bool_false);
    case K::kList: {
      mu::data list(mu::data::type::list);
      for (const auto& item : v.items) list.push_back(ToData(item));
      return list;
    }
    case K::kObject: break;
  }
  mu::data obj(mu::data::type::object);
  for (const auto& [k, f] : v.fields) obj.set(k, ToData(f));
  return obj;
}

// The data plus what every template sees (the data's own fields win).
mu::data WithBranding(const app::TemplateValue& data, const MailBranding& b, std::string_view locale) {
  mu::data d = data.kind == app::TemplateValue::Kind::kObject ? ToData(data) : mu::data(mu::data::type::object);
  auto fill = [&](const std::string& key, mu::data v) {
    if (!d.get(key)) d.set(key, std::move(v));
  };
  fill("company_name", mu::data(b.company_name));
  fill("logo_url", mu::data(b.logo_url));
  fill("has_logo", mu::data(b.logo_url.empty() ? mu::data::type::bool_false : mu::data::type::bool_true));
  fill("footer", mu::data(b.footer));
  fill("has_footer", mu::data(b.footer.empty() ? mu::data::type::bool_false : mu::data::type::bool_true));
  fill("public_url", mu::data(b.public_url));
  fill("locale", mu::data(std::string(locale)));
  return d;
}

Result<std::string> Render(std::string_view file, std::string_view section, const std::string& tmpl,
                           const mu::data& data, bool html) {
  mu::mustache m(tmpl);
  if (!m.is_valid())
    return Fail(Error::Internal("mail template " + std::string(file) + " [" + std::string(section) +
                                "]: " + m.error_message()));
  if (!html) m.set_custom_escape([](const std::string& s) { return s; });
  RecordingContext ctx(&data);
  return m.render(ctx);
}

std::string_view Locale(std::string_view locale) {
  return IsSupportedLocale(locale) ? locale : std::string_view(kDefaultLocale);
}

// Every section of a file must be a valid mustache template.
Result<void> CheckSections(const std::map<std::string, std::string, std::less<>>& sections) {
  for (const auto& [name, text] : sections) {
    mu::mustache m(text);
    if (!m.is_valid()) return Fail(Error::Invalid("templates_dir", "InvalidTemplate", name + ": " + m.error_message()));
  }
  return {};
}

// The human text of an error (Invalid keeps it on its field).
std::string Message(const Error& e) { return e.fields.empty() ? e.description : e.fields.front().description; }

}  // namespace

Result<std::map<std::string, std::string, std::less<>>> SplitTemplateSections(std::string_view text) {
  std::map<std::string, std::string, std::less<>> out;
  std::string* current = nullptr;
  std::size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl == std::string_view::npos ? text.size() : nl + 1);
    text.remove_prefix(line.size());
    if (line.starts_with(kMarker)) {
      std::string_view name = line.substr(kMarker.size());
      while (!name.empty() && (name.back() == '\n' || name.back() == '\r' || name.back() == ' ')) name.remove_suffix(1);
      if (name.empty() || out.contains(name))
        return Fail(Error::Invalid("templates_dir", "InvalidTemplate",
                                   "line " + std::to_string(line_no) + ": a section needs a new name"));
      current = &out[std::string(name)];
      continue;
    }
    if (current) current->append(line);
  }
  // The newline before the next marker belongs to the file's layout, not to the section.
  for (auto& [name, body] : out)
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  if (out.empty()) return Fail(Error::Invalid("templates_dir", "InvalidTemplate", "no \"==== section\" line"));
  return out;
}

TemplateRenderer::TemplateRenderer(MailBranding branding, std::string templates_dir) : branding_(std::move(branding)) {
  for (auto [name, text] : ShippedMailTemplateFiles()) {
    if (text.starts_with('\n')) text.remove_prefix(1);  // the embedding adds one
    auto sections = SplitTemplateSections(text);
    // A shipped file that does not split is a build defect (mail_test renders them all).
    if (sections) files_[std::string(name)] = std::move(*sections);
  }
  if (templates_dir.empty()) return;
  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (const auto& e : std::filesystem::directory_iterator(templates_dir, ec))
    if (e.is_regular_file(ec) && e.path().filename().string().ends_with(kSuffix)) paths.push_back(e.path());
  if (ec) problems_.push_back(templates_dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    const std::string file = p.filename().string();
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in) {
      problems_.push_back(file + ": cannot be read");
      continue;
    }
    auto sections = SplitTemplateSections(ss.str());
    if (!sections) {
      problems_.push_back(file + ": " + Message(sections.error()));
      continue;
    }
    if (auto ok = CheckSections(*sections); !ok) {
      problems_.push_back(file + ": " + Message(ok.error()));
      continue;
    }
    files_[file] = std::move(*sections);
    overridden_.push_back(file);
  }
}

std::vector<std::string> TemplateRenderer::overrides() const { return overridden_; }

std::vector<std::string> TemplateRenderer::LastUnresolvedTags() { return t_unresolved; }

const TemplateRenderer::Sections* TemplateRenderer::Find(std::string_view name, std::string_view locale) const {
  for (std::string_view loc : {Locale(locale), std::string_view(kDefaultLocale)}) {
    auto it = files_.find(std::string(name) + "." + std::string(loc) + std::string(kSuffix));
    if (it != files_.end()) return &it->second;
  }
  return nullptr;
}

Result<app::RenderedMail> TemplateRenderer::RenderMail(std::string_view name, std::string_view locale,
                                                       const app::TemplateValue& data) {
  t_unresolved.clear();
  const std::string_view loc = Locale(locale);
  const Sections* mail = Find(name, loc);
  const Sections* layout = Find("layout", loc);
  if (!mail || !layout) return Fail(Error::Internal("no mail template '" + std::string(name) + "'"));
  auto part = [&](const Sections& s, std::string_view section) -> const std::string* {
    auto it = s.find(section);
    return it == s.end() ? nullptr : &it->second;
  };
  const std::string* subject = part(*mail, "subject");
  const std::string* text = part(*mail, "text");
  const std::string* html = part(*mail, "html");
  const std::string* layout_text = part(*layout, "text");
  const std::string* layout_html = part(*layout, "html");
  if (!subject || !text || !html || !layout_text || !layout_html)
    return Fail(Error::Internal("mail template '" + std::string(name) + "' lacks a subject, text or html section"));

  mu::data d = WithBranding(data, branding_, loc);
  app::RenderedMail out;
  auto s = Render(name, "subject", *subject, d, false);
  if (!s) return Fail(s.error());
  // One line: a template's stray newline must not break the header.
  out.subject = std::move(*s);
  std::replace(out.subject.begin(), out.subject.end(), '\n', ' ');
  std::erase(out.subject, '\r');
  auto body_text = Render(name, "text", *text, d, false);
  if (!body_text) return Fail(body_text.error());
  auto body_html = Render(name, "html", *html, d, true);
  if (!body_html) return Fail(body_html.error());
  mu::data wrap_text = d;
  wrap_text.set("body", mu::data(*body_text));
  wrap_text.set("subject", mu::data(out.subject));
  auto t = Render("layout", "text", *layout_text, wrap_text, false);
  if (!t) return Fail(t.error());
  mu::data wrap_html = d;
  wrap_html.set("body", mu::data(*body_html));
  wrap_html.set("subject", mu::data(out.subject));
  auto h = Render("layout", "html", *layout_html, wrap_html, true);
  if (!h) return Fail(h.error());
  out.text = std::move(*t);
  out.text.push_back('\n');
  out.html = std::move(*h);
  out.html.push_back('\n');
  return out;
}

Result<std::string> TemplateRenderer::RenderPage(std::string_view name, std::string_view locale,
                                                 const app::TemplateValue& data) {
  t_unresolved.clear();
  const std::string_view loc = Locale(locale);
  const Sections* page = Find(name, loc);
  const Sections* layout = Find("page", loc);
  if (!page || !layout) return Fail(Error::Internal("no page template '" + std::string(name) + "'"));
  auto title_it = page->find("title");
  auto html_it = page->find("html");
  auto layout_it = layout->find("html");
  if (title_it == page->end() || html_it == page->end() || layout_it == layout->end())
    return Fail(Error::Internal("page template '" + std::string(name) + "' lacks a title or html section"));
  mu::data d = WithBranding(data, branding_, loc);
  auto title = Render(name, "title", title_it->second, d, false);
  if (!title) return Fail(title.error());
  auto body = Render(name, "html", html_it->second, d, true);
  if (!body) return Fail(body.error());
  mu::data wrap = d;
  wrap.set("title", mu::data(*title));
  wrap.set("body", mu::data(*body));
  auto out = Render("page", "html", layout_it->second, wrap, true);
  if (!out) return Fail(out.error());
  out->push_back('\n');
  return out;
}

}  // namespace chamado::mail
