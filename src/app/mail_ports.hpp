#pragma once
// The ports e-mail needs (issue 7; docs/email.md): rendering templates and sending messages.
// Adapters: adapters/mail/templates (kainjow mustache; shipped templates embedded from
// config/mail/templates, overridable by files), adapters/mail/smtp_transport (libcurl) and
// file_transport (.eml files in DATA/mail-out when no smtp_url is set).
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/mail.hpp"

namespace chamado::app {

// A template's data: text (HTML-escaped by {{x}}, raw with {{{x}}}), a flag (a section shown
// when true), a list (a section repeated per item) or an object (named fields).
struct TemplateValue {
  enum class Kind { kText, kBool, kList, kObject };
  Kind kind = Kind::kObject;
  std::string text;
  bool flag = false;
  std::vector<TemplateValue> items;
  std::vector<std::pair<std::string, TemplateValue>> fields;

  static TemplateValue Text(std::string s) {
    TemplateValue v;
    v.kind = Kind::kText;
    v.text = std::move(s);
    return v;
  }
  static TemplateValue Bool(bool b) {
    TemplateValue v;
    v.kind = Kind::kBool;
    v.flag = b;
    return v;
  }
  static TemplateValue List(std::vector<TemplateValue> items) {
    TemplateValue v;
    v.kind = Kind::kList;
    v.items = std::move(items);
    return v;
  }
  // On an object: sets (or replaces) a field; returns *this for chaining.
  TemplateValue& Set(std::string key, TemplateValue v) {
    for (auto& [k, old] : fields)
      if (k == key) {
        old = std::move(v);
        return *this;
      }
    fields.emplace_back(std::move(key), std::move(v));
    return *this;
  }
  TemplateValue& Set(std::string key, std::string text) { return Set(std::move(key), Text(std::move(text))); }
};

struct RenderedMail {
  std::string subject;
  std::string text;  // text/plain part
  std::string html;  // text/html part
};

class MailRenderer {
 public:
  virtual ~MailRenderer() = default;
  // The e-mail template `name` ("ticket_received", "agent_reply", ...) in `locale` (pt-BR, es,
  // en; anything else: pt-BR). Branding (company name, logo, footer) is the renderer's: every
  // template sees {{company_name}}, {{logo_url}}, {{footer}}, {{public_url}}.
  virtual Result<RenderedMail> RenderMail(std::string_view name, std::string_view locale,
                                          const TemplateValue& data) = 0;
  // A small HTML page (the e-mail links' confirmation pages), same locales and branding.
  virtual Result<std::string> RenderPage(std::string_view name, std::string_view locale, const TemplateValue& data) = 0;
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Hands one message to the mail server (or writes it out). Errors: kUnavailable for what a
  // retry may fix (connection refused, timeouts, 4xx); kInvalid for what it cannot (5xx:
  // recipient refused, message refused): the outbox then gives up at once (dead letter).
  virtual Result<void> Send(const OutboundEmail& m) = 0;
  // "smtp://127.0.0.1:2525", "files in DATA/mail-out": for logs.
  virtual std::string Describe() const = 0;
};

// Reads one RFC 5322 message (adapters/mail/mime_parse: GMime). Errors: kInvalid for what is
// not a message at all (mailgate then exits 65, EX_DATAERR); everything a real MTA delivers
// parses, broken parts degrade to what can be read.
class MailParser {
 public:
  virtual ~MailParser() = default;
  virtual Result<InboundMessage> Parse(std::string_view raw) = 0;
};

}  // namespace chamado::app
