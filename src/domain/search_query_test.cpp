// The search query language: every operator, relative dates against a fixed `now`, quoting,
// exclusion and the errors (422 on "query").
#include "domain/search_query.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

namespace chamado {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const Instant kNow = *ParseIso("2026-03-02T12:00:00Z");

SearchQuery Parse(std::string_view text) {
  auto q = ParseSearchQuery(text, kNow);
  EXPECT_TRUE(q.has_value()) << text << ": " << (q ? "" : q.error().fields.at(0).description);
  return q ? *q : SearchQuery{};
}

// The 422's description, or "" when the query parsed.
std::string ErrorOf(std::string_view text) {
  auto q = ParseSearchQuery(text, kNow);
  if (q) return "";
  EXPECT_EQ(q.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(q.error().fields.at(0).field, "query");
  return q.error().fields.at(0).description;
}

std::bitset<kStatusLevels> Levels(std::initializer_list<StatusLevel> ls) {
  std::bitset<kStatusLevels> b;
  for (auto l : ls) b.set(static_cast<std::size_t>(l));
  return b;
}

std::bitset<kPriorityBits> Prios(std::initializer_list<Priority> ps, bool none = false) {
  std::bitset<kPriorityBits> b;
  for (auto p : ps) b.set(static_cast<std::size_t>(p));
  if (none) b.set(kPriorityNoneBit);
  return b;
}

TextTerm Word(std::string text) { return TextTerm{std::move(text), false, false, false}; }
TextTerm Phrase(std::string text) { return TextTerm{std::move(text), true, false, false}; }

// ------------------------------------------------------------------ text

TEST(SearchQuery, BareWordsArePlainTextTerms) {
  auto q = Parse("printer  jammed\ttoday");
  EXPECT_EQ(q.terms, (std::vector<TextTerm>{Word("printer"), Word("jammed"), Word("today")}));
  EXPECT_TRUE(q.excluded.empty());
  EXPECT_FALSE(q.type);
  EXPECT_FALSE(q.statuses);
  EXPECT_FALSE(q.priorities);
}

TEST(SearchQuery, QuotedPhrasesKeepTheirSpacesAndAccents) {
  auto q = Parse(R"(type:ticket "não consigo entrar" senha)");
  EXPECT_EQ(q.terms, (std::vector<TextTerm>{Phrase("não consigo entrar"), Word("senha")}));
  EXPECT_EQ(q.type, SearchType::kTicket);
}

TEST(SearchQuery, AnUnterminatedQuoteRunsToTheEnd) {
  auto q = Parse(R"(foo "bar baz)");
  EXPECT_EQ(q.terms, (std::vector<TextTerm>{Word("foo"), Phrase("bar baz")}));
}

TEST(SearchQuery, MinusExcludesWordsPhrasesAndSubjects) {
  auto q = Parse(R"(invoice -refund -"credit card" -subject:test)");
  EXPECT_EQ(q.terms, (std::vector<TextTerm>{Word("invoice")}));
  ASSERT_EQ(q.excluded.size(), 3u);
  EXPECT_EQ(q.excluded[0], Word("refund"));
  EXPECT_EQ(q.excluded[1], Phrase("credit card"));
  EXPECT_EQ(q.excluded[2].text, "test");
  EXPECT_TRUE(q.excluded[2].subject_only);
}

TEST(SearchQuery, ALoneMinusOrPunctuationIsNoTerm) {
  auto q = Parse("foo - bar ... -!!");
  EXPECT_EQ(q.terms, (std::vector<TextTerm>{Word("foo"), Word("bar")}));
  EXPECT_TRUE(q.excluded.empty());
}

TEST(SearchQuery, TrailingStarIsAPrefixFromThreeCharacters) {
  auto q = Parse(R"(impress* ab* "top ten"*)");
  ASSERT_EQ(q.terms.size(), 3u);
  EXPECT_EQ(q.terms[0].text, "impress");
  EXPECT_TRUE(q.terms[0].prefix);
  EXPECT_EQ(q.terms[1].text, "ab");
  EXPECT_FALSE(q.terms[1].prefix);
  EXPECT_EQ(q.terms[2].text, "top ten");
  EXPECT_TRUE(q.terms[2].prefix);
  EXPECT_TRUE(q.terms[2].phrase);
}

TEST(SearchQuery, UnknownKeysAreFullTextAsWritten) {
  auto q = Parse("foo:bar -color:red https://example.com/x");
  ASSERT_EQ(q.terms.size(), 2u);
  EXPECT_EQ(q.terms[0], Phrase("foo:bar"));
  EXPECT_EQ(q.terms[1], Phrase("https://example.com/x"));
  ASSERT_EQ(q.excluded.size(), 1u);
  EXPECT_EQ(q.excluded[0], Phrase("color:red"));
}

TEST(SearchQuery, SubjectRestrictsATermToTheSubject) {
  auto q = Parse(R"(subject:"login page" subject:erro)");
  ASSERT_EQ(q.terms.size(), 2u);
  EXPECT_TRUE(q.terms[0].subject_only);
  EXPECT_TRUE(q.terms[0].phrase);
  EXPECT_EQ(q.terms[0].text, "login page");
  EXPECT_EQ(q.terms[1].text, "erro");
}

TEST(SearchQuery, ControlCharactersBecomeSpaces) {
  auto q =
      Parse(std::string("foo\x01"
                        "bar\x00"
                        "baz",
                        11));
  EXPECT_EQ(q.terms, (std::vector<TextTerm>{Word("foo"), Word("bar"), Word("baz")}));
}

TEST(SearchQuery, KeysAreCaseInsensitive) {
  auto q = Parse("TYPE:Ticket Status:OPEN");
  EXPECT_EQ(q.type, SearchType::kTicket);
  EXPECT_EQ(q.statuses, Levels({StatusLevel::kOpen}));
}

// ------------------------------------------------------------------ type

TEST(SearchQuery, TypeTakesTicketUserOrOrganization) {
  EXPECT_EQ(Parse("type:user alice").type, SearchType::kUser);
  EXPECT_EQ(Parse("type:organization acme").type, SearchType::kOrganization);
  EXPECT_NE(ErrorOf("type:group"), "");
  EXPECT_NE(ErrorOf("type:ticket type:user"), "");
  EXPECT_NE(ErrorOf("-type:ticket"), "");
  EXPECT_NE(ErrorOf("type>ticket"), "");
}

// ------------------------------------------------------------------ status and priority

TEST(SearchQuery, StatusEqualityRepeatedMeansEither) {
  EXPECT_EQ(Parse("status:open").statuses, Levels({StatusLevel::kOpen}));
  EXPECT_EQ(Parse("status:open status:pending").statuses, Levels({StatusLevel::kOpen, StatusLevel::kPending}));
}

TEST(SearchQuery, StatusComparisonsFollowTheZendeskOrder) {
  using L = StatusLevel;
  EXPECT_EQ(Parse("status<solved").statuses, Levels({L::kNew, L::kOpen, L::kPending, L::kHold}));
  EXPECT_EQ(Parse("status<=pending").statuses, Levels({L::kNew, L::kOpen, L::kPending}));
  EXPECT_EQ(Parse("status>new").statuses, Levels({L::kOpen, L::kPending, L::kHold, L::kSolved, L::kClosed}));
  EXPECT_EQ(Parse("status>=solved").statuses, Levels({L::kSolved, L::kClosed}));
  EXPECT_EQ(Parse("status>new status<solved").statuses, Levels({L::kOpen, L::kPending, L::kHold}));
  EXPECT_EQ(Parse("status>closed").statuses, Levels({}));
}

TEST(SearchQuery, NegatedStatusExcludes) {
  using L = StatusLevel;
  EXPECT_EQ(Parse("-status:closed").statuses, Levels({L::kNew, L::kOpen, L::kPending, L::kHold, L::kSolved}));
  EXPECT_EQ(Parse("status<solved -status:new").statuses, Levels({L::kOpen, L::kPending, L::kHold}));
  EXPECT_EQ(Parse("-status<solved").statuses, Levels({L::kSolved, L::kClosed}));
}

TEST(SearchQuery, BadStatusIsAnError) {
  EXPECT_NE(ErrorOf("status:opened").find("status: 'opened' is not a status"), std::string::npos);
  EXPECT_NE(ErrorOf("status:"), "");
}

TEST(SearchQuery, PriorityEqualityComparisonsAndNone) {
  using P = Priority;
  EXPECT_EQ(Parse("priority:high").priorities, Prios({P::kHigh}));
  EXPECT_EQ(Parse("priority:high priority:urgent").priorities, Prios({P::kHigh, P::kUrgent}));
  EXPECT_EQ(Parse("priority>normal").priorities, Prios({P::kHigh, P::kUrgent}));
  EXPECT_EQ(Parse("priority>=normal").priorities, Prios({P::kNormal, P::kHigh, P::kUrgent}));
  EXPECT_EQ(Parse("priority<high").priorities, Prios({P::kLow, P::kNormal}));
  EXPECT_EQ(Parse("priority<=low").priorities, Prios({P::kLow}));
  EXPECT_EQ(Parse("priority:none").priorities, Prios({}, true));
  EXPECT_EQ(Parse("-priority:none").priorities, Prios({P::kLow, P::kNormal, P::kHigh, P::kUrgent}));
  EXPECT_EQ(Parse("-priority:low").priorities, Prios({P::kNormal, P::kHigh, P::kUrgent}, true));
  EXPECT_NE(ErrorOf("priority:critical"), "");
  EXPECT_NE(ErrorOf("priority>none"), "");
}

TEST(SearchQuery, CustomStatusIdTakesIds) {
  auto q = Parse("custom_status_id:5 custom_status_id:3 -custom_status_id:7");
  EXPECT_EQ(q.custom_status_ids.any_of, (std::vector<std::int64_t>{5, 3}));
  EXPECT_EQ(q.custom_status_ids.none_of, (std::vector<std::int64_t>{7}));
  EXPECT_NE(ErrorOf("custom_status_id:open"), "");
  EXPECT_NE(ErrorOf("custom_status_id>3"), "");
}

// ------------------------------------------------------------------ people, groups, tags

TEST(SearchQuery, RequesterByEmailIdOrMe) {
  auto q = Parse("requester:Alice@Customer.Example requester:42 requester:me -requester:7");
  ASSERT_EQ(q.requesters.any_of.size(), 3u);
  EXPECT_EQ(q.requesters.any_of[0], (PersonRef{PersonRef::Kind::kEmail, 0, "alice@customer.example"}));
  EXPECT_EQ(q.requesters.any_of[1], (PersonRef{PersonRef::Kind::kId, 42, ""}));
  EXPECT_EQ(q.requesters.any_of[2].kind, PersonRef::Kind::kMe);
  ASSERT_EQ(q.requesters.none_of.size(), 1u);
  EXPECT_EQ(q.requesters.none_of[0].id, 7);
}

TEST(SearchQuery, AssigneeNoneAndNames) {
  auto q = Parse(R"(assignee:none -assignee:me assignee:"Agent Smith")");
  ASSERT_EQ(q.assignees.any_of.size(), 2u);
  EXPECT_EQ(q.assignees.any_of[0].kind, PersonRef::Kind::kNone);
  EXPECT_EQ(q.assignees.any_of[1], (PersonRef{PersonRef::Kind::kName, 0, "Agent Smith"}));
  ASSERT_EQ(q.assignees.none_of.size(), 1u);
  EXPECT_EQ(q.assignees.none_of[0].kind, PersonRef::Kind::kMe);
  EXPECT_NE(ErrorOf("assignee:bad@"), "");
  EXPECT_NE(ErrorOf("assignee>3"), "");
}

TEST(SearchQuery, TagsAndTagAreNormalized) {
  auto q = Parse("tags:VIP tag:billing -tags:spam");
  EXPECT_EQ(q.tags.any_of, (std::vector<std::string>{"vip", "billing"}));
  EXPECT_EQ(q.tags.none_of, (std::vector<std::string>{"spam"}));
}

TEST(SearchQuery, GroupsAndOrganizationsByIdOrName) {
  auto q = Parse(R"(group:"Level 2" group_id:12 organization:acme -organization_id:3 group:none)");
  ASSERT_EQ(q.groups.any_of.size(), 3u);
  EXPECT_EQ(q.groups.any_of[0], (NamedRef{std::nullopt, "Level 2", false}));
  EXPECT_EQ(q.groups.any_of[1], (NamedRef{12, "", false}));
  EXPECT_TRUE(q.groups.any_of[2].none);
  EXPECT_EQ(q.organizations.any_of, (std::vector<NamedRef>{NamedRef{std::nullopt, "acme", false}}));
  EXPECT_EQ(q.organizations.none_of, (std::vector<NamedRef>{NamedRef{3, "", false}}));
  EXPECT_NE(ErrorOf("group_id:support"), "");
}

TEST(SearchQuery, RolesForUserSearches) {
  auto q = Parse("type:user role:agent role:end-user");
  EXPECT_EQ(q.roles, (std::vector<Role>{Role::kAgent, Role::kEndUser}));
  EXPECT_NE(ErrorOf("role:boss"), "");
}

// ------------------------------------------------------------------ dates

TEST(SearchQuery, AbsoluteDatesAreUtcDays) {
  const Instant jan1 = *ParseIso("2024-01-01");
  auto after = Parse("created>2024-01-01");
  EXPECT_EQ(after.created.from, jan1 + days(1));
  EXPECT_FALSE(after.created.until);
  EXPECT_EQ(Parse("created>=2024-01-01").created.from, jan1);
  EXPECT_EQ(Parse("created<2024-01-01").created.until, jan1);
  EXPECT_EQ(Parse("created<=2024-01-01").created.until, jan1 + days(1));
  auto on = Parse("created:2024-01-01");
  EXPECT_EQ(on.created.from, jan1);
  EXPECT_EQ(on.created.until, jan1 + days(1));
}

TEST(SearchQuery, IsoTimesAreExactToTheSecond) {
  const Instant t = *ParseIso("2024-05-01T10:00:00Z");
  EXPECT_EQ(Parse("updated>2024-05-01T10:00:00Z").updated.from, t + seconds(1));
  EXPECT_EQ(Parse("updated>=2024-05-01T07:00:00-03:00").updated.from, t);
  EXPECT_EQ(Parse("updated<2024-05-01T10:00:00Z").updated.until, t);
  EXPECT_EQ(Parse("updated<=2024-05-01T10:00:00Z").updated.until, t + seconds(1));
}

TEST(SearchQuery, RelativeDatesMeanWithinTheLast) {
  EXPECT_EQ(Parse("updated>24hours").updated.from, kNow - hours(24) + seconds(1));
  EXPECT_EQ(Parse("updated>=24hours").updated.from, kNow - hours(24));
  EXPECT_EQ(Parse("updated:24hours").updated.from, kNow - hours(24));
  EXPECT_EQ(Parse("created>4days").created.from, kNow - days(4) + seconds(1));
  EXPECT_EQ(Parse("created>2weeks").created.from, kNow - days(14) + seconds(1));
  EXPECT_EQ(Parse("created>1month").created.from, kNow - days(30) + seconds(1));
  EXPECT_EQ(Parse("created>30minutes").created.from, kNow - minutes(30) + seconds(1));
  EXPECT_EQ(Parse("created>1year").created.from, kNow - days(365) + seconds(1));
  // "<" is the other side: longer ago than that.
  auto old = Parse("updated<2days");
  EXPECT_EQ(old.updated.until, kNow - days(2));
  EXPECT_FALSE(old.updated.from);
}

TEST(SearchQuery, DateConditionsIntersect) {
  auto q = Parse("created>2024-01-01 created<2024-02-01 created>2023-06-01");
  EXPECT_EQ(q.created.from, *ParseIso("2024-01-02"));
  EXPECT_EQ(q.created.until, *ParseIso("2024-02-01"));
  EXPECT_TRUE(q.updated.empty());
}

TEST(SearchQuery, BadDatesAreErrors) {
  EXPECT_NE(ErrorOf("created>yesterday").find("created: 'yesterday' is not a date"), std::string::npos);
  EXPECT_NE(ErrorOf("updated>2024-13-45"), "");
  EXPECT_NE(ErrorOf("updated>24parsecs"), "");
  EXPECT_NE(ErrorOf("updated>99999999years"), "");
  EXPECT_NE(ErrorOf("-created>2024-01-01"), "");
}

// ------------------------------------------------------------------ sorting, limits

TEST(SearchQuery, OrderByAndSortInTheQuery) {
  auto q = Parse("order_by:updated_at sort:asc printer");
  EXPECT_EQ(q.sort_by, SearchSort::kUpdated);
  EXPECT_EQ(q.descending, false);
  EXPECT_EQ(Parse("order_by:priority").sort_by, SearchSort::kPriority);
  EXPECT_NE(ErrorOf("order_by:commented"), "");
  EXPECT_NE(ErrorOf("sort:sideways"), "");
}

TEST(SearchQuery, OverlongQueriesAreRefused) {
  EXPECT_NE(ErrorOf(std::string(kMaxQueryBytes + 1, 'a')), "");
  std::string many;
  for (std::size_t i = 0; i <= kMaxQueryTerms; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_NE(ErrorOf(many).find("terms"), std::string::npos);
}

TEST(SearchQuery, EmptyQueryHasNoConditions) {
  auto q = Parse("   ");
  EXPECT_TRUE(q.terms.empty());
  EXPECT_FALSE(q.statuses);
  EXPECT_TRUE(q.tags.empty());
}

// ------------------------------------------------------------------ helpers

TEST(SearchQuery, LevelOfUsesCategoryAndClosedFlag) {
  Status s;
  s.category = Category::kSolved;
  EXPECT_EQ(LevelOf(s), StatusLevel::kSolved);
  s.closed = true;
  EXPECT_EQ(LevelOf(s), StatusLevel::kClosed);
  s = Status{};
  s.category = Category::kHold;
  EXPECT_EQ(LevelOf(s), StatusLevel::kHold);
}

TEST(SearchQuery, FoldRemovesCaseAndLatinAccents) {
  EXPECT_EQ(FoldForSearch("Ação"), "acao");
  EXPECT_EQ(FoldForSearch("NÃO É"), "nao e");
  EXPECT_EQ(FoldForSearch("Ñandú Straße Œuvre Łódź"), "nandu strasse oeuvre lodz");
  EXPECT_EQ(FoldForSearch("日本"), "日本");  // other scripts are kept as they are
}

}  // namespace
}  // namespace chamado
