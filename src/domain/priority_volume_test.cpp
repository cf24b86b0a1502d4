#include "domain/priority_volume.hpp"

#include <gtest/gtest.h>

#include "domain/escalation.hpp"

namespace chamado {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Instant kNow = FromUnix(1772452800);  // 2026-03-02T12:00:00Z

Ticket Problem(std::optional<Priority> p = Priority::kNormal) {
  Ticket t;
  t.id = 40;
  t.type = TicketType::kProblem;
  t.priority = p;
  return t;
}

// An audit on the problem: incident `incident` linked `ago` before kNow.
Audit Linked(std::int64_t incident, std::chrono::seconds ago) {
  Audit a;
  a.ticket_id = 40;
  a.created_at = kNow - ago;
  a.events.push_back(EscalationEvent(kIncidentLinked, incident));
  return a;
}

std::vector<Audit> LinksWithin(int n, std::chrono::seconds every = minutes(30)) {
  std::vector<Audit> out;
  for (int i = 0; i < n; ++i) out.push_back(Linked(100 + i, every * i));
  return out;
}

TEST(PriorityFromVolume, OneStepUpFromEachPriority) {
  EXPECT_EQ(OneStepUp(Priority::kLow), Priority::kNormal);
  EXPECT_EQ(OneStepUp(Priority::kNormal), Priority::kHigh);
  EXPECT_EQ(OneStepUp(Priority::kHigh), Priority::kUrgent);
  EXPECT_EQ(OneStepUp(Priority::kUrgent), std::nullopt) << "nothing above urgent";
  EXPECT_EQ(OneStepUp(std::nullopt), Priority::kHigh) << "no priority counts as normal";
}

TEST(PriorityFromVolume, TheFifthIncidentWithinADayRaisesNormalToHigh) {
  const VolumeRule rule;  // 5 in 24 h
  auto four = DecidePriorityFromVolume(Problem(), LinksWithin(4), rule, kNow);
  EXPECT_EQ(four.incidents, 4);
  EXPECT_FALSE(four.raise_to);
  auto five = DecidePriorityFromVolume(Problem(), LinksWithin(5), rule, kNow);
  EXPECT_EQ(five.incidents, 5);
  EXPECT_EQ(five.raise_to, Priority::kHigh);
  EXPECT_EQ(five.rule, "priority_volume 5 incidents in 24h");
  EXPECT_EQ(DecidePriorityFromVolume(Problem(Priority::kHigh), LinksWithin(5), rule, kNow).raise_to, Priority::kUrgent);
  EXPECT_FALSE(DecidePriorityFromVolume(Problem(Priority::kUrgent), LinksWithin(9), rule, kNow).raise_to);
}

TEST(PriorityFromVolume, LinksOutsideTheWindowDoNotCount) {
  const VolumeRule rule{5, hours(24)};
  auto links = LinksWithin(4);
  links.push_back(Linked(200, hours(24)));  // exactly a day ago: out (the window is (now - 24 h, now])
  links.push_back(Linked(201, hours(30)));
  auto d = DecidePriorityFromVolume(Problem(), links, rule, kNow);
  EXPECT_EQ(d.incidents, 4);
  EXPECT_FALSE(d.raise_to);
  links.push_back(Linked(202, hours(23)));
  EXPECT_EQ(DecidePriorityFromVolume(Problem(), links, rule, kNow).raise_to, Priority::kHigh);
}

TEST(PriorityFromVolume, AnIncidentLinkedTwiceCountsOnce) {
  auto links = LinksWithin(4);
  links.push_back(Linked(100, minutes(5)));  // 100 again (unlinked and linked back)
  auto d = DecidePriorityFromVolume(Problem(), links, VolumeRule{}, kNow);
  EXPECT_EQ(d.incidents, 4);
  EXPECT_FALSE(d.raise_to);
}

TEST(PriorityFromVolume, AtMostOnceAWindow) {
  auto links = LinksWithin(7);
  Audit raised;
  raised.ticket_id = 40;
  raised.created_at = kNow - hours(2);
  raised.events.push_back(RuleEvent("priority_volume 5 incidents in 24h"));
  links.push_back(raised);
  auto d = DecidePriorityFromVolume(Problem(Priority::kHigh), links, VolumeRule{}, kNow);
  EXPECT_TRUE(d.raised_in_window);
  EXPECT_FALSE(d.raise_to) << "raised 2 h ago: not again within the day";
  // The raise a day and more ago no longer counts.
  links.back().created_at = kNow - hours(25);
  EXPECT_EQ(DecidePriorityFromVolume(Problem(Priority::kHigh), links, VolumeRule{}, kNow).raise_to, Priority::kUrgent);
}

TEST(PriorityFromVolume, OffAtThresholdZeroAndOtherTicketsAuditsIgnored) {
  EXPECT_FALSE(DecidePriorityFromVolume(Problem(), LinksWithin(50), VolumeRule{0, hours(24)}, kNow).raise_to);
  auto links = LinksWithin(5);
  links[0].ticket_id = 41;  // another ticket's audit
  EXPECT_FALSE(DecidePriorityFromVolume(Problem(), links, VolumeRule{}, kNow).raise_to);
  EXPECT_EQ(DecidePriorityFromVolume(Problem(), LinksWithin(2), VolumeRule{2, hours(1)}, kNow).raise_to,
            Priority::kHigh)
      << "configurable: 2 in an hour";
}

}  // namespace
}  // namespace chamado
