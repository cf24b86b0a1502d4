#include "domain/time.hpp"

#include <gtest/gtest.h>

namespace chamado {
namespace {

TEST(Time, FormatsZendeskStyle) { EXPECT_EQ(FormatIso(FromUnix(1772452800)), "2026-03-02T12:00:00Z"); }

TEST(Time, ParsesUtcOffsetsAndDates) {
  EXPECT_EQ(ParseIso("2026-03-02T12:00:00Z"), FromUnix(1772452800));
  EXPECT_EQ(ParseIso("2026-03-02T09:00:00-03:00"), FromUnix(1772452800));
  EXPECT_EQ(ParseIso("2026-03-02T12:00:00.250Z"), FromUnix(1772452800));
  EXPECT_EQ(ParseIso("2026-03-02"), FromUnix(1772409600));
}

TEST(Time, RejectsGarbage) {
  EXPECT_FALSE(ParseIso("yesterday"));
  EXPECT_FALSE(ParseIso("2026-03-02T12:00:00Zjunk"));
  EXPECT_FALSE(ParseIso(""));
}

}  // namespace
}  // namespace chamado
