#pragma once
// E-mail and link-page templates with kainjow mustache (docs/email.md "Templates"):
// app::MailRenderer. The shipped templates (config/mail/templates/*.mustache) are embedded in
// the binary; a file of the same name in mail.templates_dir replaces one.
//
// A template file is `<name>.<locale>.mustache` (locales pt-BR, es, en) holding sections, each
// starting at a line "==== <section>" (anything before the first is a comment):
//   e-mails  (<kind>):        subject, text, html
//   layouts  (layout):        text, html -- wrap every e-mail body ({{{body}}})
//   pages    (page_<name>):   title, html
//   page layout (page):       html -- wraps every page ({{title}}, {{{body}}})
// The subject and text sections are not HTML-escaped ({{x}} is the text as is); the html ones
// are ({{x}} escapes, {{{x}}} is raw: only for values the code built, never customer text).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "app/mail_ports.hpp"

namespace chamado::mail {

// What every template sees besides its own data.
struct MailBranding {
  std::string company_name = "Chamado";
  std::string logo_url;    // empty: no logo
  std::string footer;      // a line under every e-mail and page
  std::string public_url;  // the server's public base URL (links)
};

class TemplateRenderer final : public app::MailRenderer {
 public:
  // Reads the override files in `templates_dir` (empty: none) once. A file that cannot be read
  // or does not parse is skipped (the shipped template is used) and named in problems().
  TemplateRenderer(MailBranding branding, std::string templates_dir);

  Result<app::RenderedMail> RenderMail(std::string_view name, std::string_view locale,
                                       const app::TemplateValue& data) override;
  Result<std::string> RenderPage(std::string_view name, std::string_view locale,
                                 const app::TemplateValue& data) override;

  // Override files that were skipped, with why ("x.pt-BR.mustache: line 3: unclosed section").
  const std::vector<std::string>& problems() const { return problems_; }
  // Override files in use (for the start-up log).
  std::vector<std::string> overrides() const;

  // Tests: the tag names the last call of RenderMail/RenderPage on this thread looked up and
  // did not find (a template naming data nobody gives it).
  static std::vector<std::string> LastUnresolvedTags();

 private:
  // File name -> the file's sections (name -> text).
  using Sections = std::map<std::string, std::string, std::less<>>;
  const Sections* Find(std::string_view name, std::string_view locale) const;

  MailBranding branding_;
  std::map<std::string, Sections, std::less<>> files_;  // shipped, then overridden
  std::vector<std::string> overridden_;
  std::vector<std::string> problems_;
};

// Splits a template file into its sections ("==== subject" lines). Errors name the line.
Result<std::map<std::string, std::string, std::less<>>> SplitTemplateSections(std::string_view text);

// The shipped template files: (file name, text).
std::vector<std::pair<std::string_view, std::string_view>> ShippedMailTemplateFiles();

}  // namespace chamado::mail
