#include "domain/local_date.hpp"

#include <gtest/gtest.h>

namespace chamado {
namespace {

using namespace std::chrono;

TEST(LocalDate, ParsesAndFormatsRealDatesOnly) {
  auto d = ParseLocalDate("2026-02-16");
  ASSERT_TRUE(d);
  EXPECT_EQ(*d, sys_days(2026y / February / 16));
  EXPECT_EQ(FormatLocalDate(*d), "2026-02-16");
  EXPECT_EQ(YearOf(*d), 2026);
  EXPECT_TRUE(ParseLocalDate("2024-02-29")) << "a leap day";
  EXPECT_FALSE(ParseLocalDate("2026-02-29")) << "not a leap year";
  EXPECT_FALSE(ParseLocalDate("2026-13-01"));
  EXPECT_FALSE(ParseLocalDate("2026-1-01"));
  EXPECT_FALSE(ParseLocalDate("2026-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseLocalDate("26-01-01"));
  EXPECT_FALSE(ParseLocalDate(""));
  EXPECT_EQ(FormatLocalDate(sys_days(1999y / December / 31)), "1999-12-31");
}

TEST(LocalDate, TimesOfDayRunFromMidnightTo2400) {
  EXPECT_EQ(ParseMinuteOfDay("08:30"), 510);
  EXPECT_EQ(ParseMinuteOfDay("00:00"), 0);
  EXPECT_EQ(ParseMinuteOfDay("24:00"), 1440);
  EXPECT_FALSE(ParseMinuteOfDay("24:01"));
  EXPECT_FALSE(ParseMinuteOfDay("25:00"));
  EXPECT_FALSE(ParseMinuteOfDay("08:60"));
  EXPECT_FALSE(ParseMinuteOfDay("8:30"));
  EXPECT_FALSE(ParseMinuteOfDay("0830"));
  EXPECT_EQ(FormatMinuteOfDay(510), "08:30");
  EXPECT_EQ(FormatMinuteOfDay(1080), "18:00");
  EXPECT_EQ(FormatMinuteOfDay(1440), "24:00");
}

}  // namespace
}  // namespace chamado
