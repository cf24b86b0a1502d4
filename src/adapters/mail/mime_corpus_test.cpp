// Every message of tests/mail/corpus parses to the facts expected.json names for it
// (tests/mail/corpus/README.md). The same file names the intake outcome the server must reach;
// the integration replay checks that part.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/mail/mime_parse.hpp"
#include "domain/mail_threading.hpp"

namespace {

namespace json = boost::json;
using chamado::InboundMessage;

const std::string kCorpus = std::string(CHAMADO_SOURCE_DIR) + "/tests/mail/corpus/";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

json::array Entries() {
  static json::value doc = json::parse(ReadFile(kCorpus + "expected.json"));
  return doc.as_object().at("files").as_array();
}

std::string S(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it == o.end() ? std::string() : std::string(it->value().as_string());
}
bool B(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && it->value().as_bool();
}
std::vector<std::string> L(const json::object& o, const char* key) {
  std::vector<std::string> out;
  auto it = o.find(key);
  if (it != o.end())
    for (const auto& v : it->value().as_array()) out.emplace_back(v.as_string());
  return out;
}

class MimeCorpus : public ::testing::TestWithParam<std::string> {};

json::object EntryFor(const std::string& file) {
  for (const auto& e : Entries())
    if (e.as_object().at("file").as_string() == file) return e.as_object();
  return {};
}

TEST(MimeCorpusIndex, HasEnoughMessagesAndEveryFileIsListed) {
  auto entries = Entries();
  EXPECT_GE(entries.size(), 34u);
  std::vector<std::string> results;
  for (const auto& e : entries) {
    std::string file(e.as_object().at("file").as_string());
    EXPECT_FALSE(ReadFile(kCorpus + file).empty()) << file;
    results.emplace_back(e.as_object().at("outcome").as_object().at("result").as_string());
  }
  // Every intake outcome has at least one message.
  for (const char* r : {"new_ticket", "reply_threaded", "follow_up", "duplicate", "ignored_automated", "suspended",
                        "bounce", "duplicate_delivery", "new_ticket_with_refused_attachments"})
    EXPECT_NE(std::find(results.begin(), results.end(), r), results.end()) << r;
}

TEST_P(MimeCorpus, ParsesToTheExpectedFacts) {
  json::object entry = EntryFor(GetParam());
  ASSERT_FALSE(entry.empty());
  const json::object& p = entry.at("parse").as_object();

  chamado::mail::GMimeParser parser;
  std::string raw = ReadFile(kCorpus + GetParam());
  auto parsed = parser.Parse(raw);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().description;
  const InboundMessage& m = *parsed;

  EXPECT_EQ(m.from.address, S(p, "from"));
  EXPECT_EQ(m.from.name, S(p, "from_name"));
  EXPECT_EQ(m.subject, S(p, "subject"));
  EXPECT_EQ(m.message_id, S(p, "message_id"));
  EXPECT_EQ(m.in_reply_to, S(p, "in_reply_to"));
  EXPECT_EQ(m.references, L(p, "references"));
  if (p.contains("reply_to")) {
    ASSERT_TRUE(m.reply_to.has_value());
    EXPECT_EQ(m.reply_to->address, S(p, "reply_to"));
  }
  std::vector<std::string> cc;
  for (const auto& a : m.cc) cc.push_back(a.address);
  EXPECT_EQ(cc, L(p, "cc"));
  EXPECT_FALSE(m.to.empty());
  EXPECT_TRUE(m.date.has_value());

  std::vector<std::string> names, inline_names, content_ids;
  for (const auto& a : m.attachments) {
    names.push_back(a.file_name);
    if (a.is_inline) inline_names.push_back(a.file_name);
    if (a.is_inline) content_ids.push_back(a.content_id);
    EXPECT_FALSE(a.bytes.empty()) << a.file_name;
  }
  EXPECT_EQ(names, L(p, "attachments"));
  EXPECT_EQ(inline_names, L(p, "inline"));
  if (p.contains("content_ids")) {
    EXPECT_EQ(content_ids, L(p, "content_ids"));
  }

  EXPECT_EQ(!m.html.empty(), B(p, "has_html"));
  EXPECT_EQ(m.dsn.has_value(), B(p, "is_dsn"));
  if (p.contains("dsn") && m.dsn) {
    const auto& d = p.at("dsn").as_object();
    EXPECT_EQ(m.dsn->original_message_id, S(d, "original_message_id"));
    EXPECT_EQ(m.dsn->final_recipient, S(d, "final_recipient"));
    EXPECT_EQ(m.dsn->action, S(d, "action"));
    EXPECT_EQ(m.dsn->status, S(d, "status"));
    EXPECT_EQ(m.dsn->diagnostic, S(d, "diagnostic"));
  }
  EXPECT_EQ(m.auto_submitted, S(p, "auto_submitted"));
  EXPECT_EQ(m.precedence, S(p, "precedence"));
  EXPECT_EQ(m.list_id, S(p, "list_id"));
  EXPECT_EQ(m.has_list_unsubscribe, B(p, "list_unsubscribe"));
  EXPECT_EQ(m.x_autoreply, B(p, "x_autoreply"));
  EXPECT_EQ(m.language, S(p, "language"));
  EXPECT_EQ(m.thread_index, S(p, "thread_index"));
  EXPECT_EQ(m.raw_size, raw.size());

  for (const auto& t : L(p, "text_contains")) EXPECT_NE(m.text.find(t), std::string::npos) << t << "\n--\n" << m.text;
  for (const auto& t : L(p, "text_excludes")) EXPECT_EQ(m.text.find(t), std::string::npos) << t << "\n--\n" << m.text;
  for (const auto& t : L(p, "html_excludes")) EXPECT_EQ(m.html.find(t), std::string::npos) << t << "\n--\n" << m.html;
  EXPECT_EQ(m.text.find('\r'), std::string::npos);
}

// The domain's reading of the parsed message (domain/mail_threading) agrees with the outcome:
// the reply text without its quoted history, automation, the new requester's locale.
TEST_P(MimeCorpus, DomainRulesReadItAsExpected) {
  json::object entry = EntryFor(GetParam());
  ASSERT_FALSE(entry.empty());
  const json::object& o = entry.at("outcome").as_object();
  chamado::mail::GMimeParser parser;
  auto parsed = parser.Parse(ReadFile(kCorpus + GetParam()));
  ASSERT_TRUE(parsed.has_value());
  if (o.contains("new_text")) {
    EXPECT_EQ(chamado::StripQuotedHistory(parsed->text), S(o, "new_text"));
  }
  if (o.contains("locale")) {
    EXPECT_EQ(chamado::LocaleFromLanguage(parsed->language), S(o, "locale"));
  }
  auto automation = chamado::ClassifyAutomation(*parsed);
  std::string result = S(o, "result");
  if (result == "bounce") {
    EXPECT_EQ(automation, chamado::MailAutomation::kBounce);
  } else if (result == "ignored_automated" || result == "suspended") {
    EXPECT_NE(automation, chamado::MailAutomation::kNone);
    EXPECT_NE(automation, chamado::MailAutomation::kBounce);
  } else {
    EXPECT_EQ(automation, chamado::MailAutomation::kNone) << chamado::MailAutomationName(automation);
  }
}

std::vector<std::string> FileNames() {
  std::vector<std::string> out;
  for (const auto& e : Entries()) out.emplace_back(e.as_object().at("file").as_string());
  return out;
}

std::string TestName(const ::testing::TestParamInfo<std::string>& param_info) {
  std::string name = param_info.param.substr(0, param_info.param.find('.'));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Corpus, MimeCorpus, ::testing::ValuesIn(FileNames()), TestName);

}  // namespace
