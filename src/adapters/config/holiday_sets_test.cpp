#include "adapters/config/holiday_sets.hpp"

#include <gtest/gtest.h>

#include <map>

#include "domain/business_time.hpp"
#include "domain/testing/calendars.hpp"

// The shipped holiday sets, date by date, against dates written out by hand (official
// calendars of each country), over several years; and the file format's errors.

namespace chamado::config {
namespace {

using testing::Day;

std::vector<HolidayDay> Resolved(std::string_view id, int from, int to) {
  auto days = ResolveHolidaySet(id, from, to);
  EXPECT_TRUE(days.has_value()) << id;
  return days ? *days : std::vector<HolidayDay>{};
}

std::vector<LocalDay> DatesOf(std::string_view id, int year) {
  std::vector<LocalDay> out;
  for (const auto& h : Resolved(id, year, year)) out.push_back(h.day);
  return out;
}

std::string NameOn(std::string_view id, LocalDay d) {
  const std::chrono::year_month_day ymd{d};
  for (const auto& h : Resolved(id, static_cast<int>(ymd.year()), static_cast<int>(ymd.year()))) {
    if (h.day == d) return h.name;
  }
  return "";
}

TEST(ShippedHolidaySets, AllParseWithIdsVersionsAndCoverage) {
  const auto& sets = ShippedHolidaySets();
  std::vector<std::string> ids;
  for (const auto& s : sets) {
    ids.push_back(s.id);
    EXPECT_EQ(s.version, "2026.1") << s.id;
    EXPECT_EQ(s.first_year, 2015) << s.id;
    EXPECT_EQ(s.last_year, 2035) << s.id;
    EXPECT_FALSE(s.name.empty());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"ar", "br", "br-sp", "br-sp-sao-paulo", "co", "es", "mx"}));
  EXPECT_EQ(sets[2].extends, "br");
  EXPECT_EQ(sets[3].extends, "br-sp");
  EXPECT_EQ(sets[2].region, "BR-SP");
}

TEST(ShippedHolidaySets, EveryYearOfCoverageMakesACalendar) {
  for (const auto& s : ShippedHolidaySets()) {
    const auto days = Resolved(s.id, 2015, 2035);
    std::map<int, int> per_year;
    for (const auto& h : days) ++per_year[static_cast<int>(std::chrono::year_month_day{h.day}.year())];
    for (int y = 2015; y <= 2035; ++y) EXPECT_GE(per_year[y], 7) << s.id << " " << y;
    EXPECT_TRUE(Calendar::Make("America/Sao_Paulo", {}, days).has_value()) << s.id;
  }
}

TEST(ShippedHolidaySets, BrazilNational2026) {
  EXPECT_EQ(
      DatesOf("br", 2026),
      (std::vector<LocalDay>{Day(2026, 1, 1), Day(2026, 2, 16), Day(2026, 2, 17), Day(2026, 4, 3), Day(2026, 4, 21),
                             Day(2026, 5, 1), Day(2026, 6, 4), Day(2026, 9, 7), Day(2026, 10, 12), Day(2026, 11, 2),
                             Day(2026, 11, 15), Day(2026, 11, 20), Day(2026, 12, 25)}));
  EXPECT_EQ(NameOn("br", Day(2026, 2, 16)), "Carnaval");
  EXPECT_EQ(NameOn("br", Day(2026, 6, 4)), "Corpus Christi");
}

TEST(ShippedHolidaySets, BrazilConscienciaNegraIsNationalFrom2024) {
  EXPECT_EQ(NameOn("br", Day(2023, 11, 20)), "");
  EXPECT_EQ(NameOn("br", Day(2024, 11, 20)), "Dia Nacional de Zumbi e da Consciência Negra");
  EXPECT_EQ(DatesOf("br", 2023).size(), 12u);
  EXPECT_EQ(DatesOf("br", 2024).size(), 13u);
}

TEST(ShippedHolidaySets, BrazilCarnivalGoodFridayCorpusChristiOverTheYears) {
  struct Row {
    int year;
    LocalDay carnival_monday, good_friday, corpus_christi;
  };
  const Row rows[] = {
      {2015, Day(2015, 2, 16), Day(2015, 4, 3), Day(2015, 6, 4)},
      {2016, Day(2016, 2, 8), Day(2016, 3, 25), Day(2016, 5, 26)},
      {2017, Day(2017, 2, 27), Day(2017, 4, 14), Day(2017, 6, 15)},
      {2018, Day(2018, 2, 12), Day(2018, 3, 30), Day(2018, 5, 31)},
      {2019, Day(2019, 3, 4), Day(2019, 4, 19), Day(2019, 6, 20)},
      {2020, Day(2020, 2, 24), Day(2020, 4, 10), Day(2020, 6, 11)},
      {2021, Day(2021, 2, 15), Day(2021, 4, 2), Day(2021, 6, 3)},
      {2022, Day(2022, 2, 28), Day(2022, 4, 15), Day(2022, 6, 16)},
      {2023, Day(2023, 2, 20), Day(2023, 4, 7), Day(2023, 6, 8)},
      {2024, Day(2024, 2, 12), Day(2024, 3, 29), Day(2024, 5, 30)},
      {2025, Day(2025, 3, 3), Day(2025, 4, 18), Day(2025, 6, 19)},
      {2026, Day(2026, 2, 16), Day(2026, 4, 3), Day(2026, 6, 4)},
      {2027, Day(2027, 2, 8), Day(2027, 3, 26), Day(2027, 5, 27)},
      {2030, Day(2030, 3, 4), Day(2030, 4, 19), Day(2030, 6, 20)},
      {2035, Day(2035, 2, 5), Day(2035, 3, 23), Day(2035, 5, 24)},
  };
  for (const auto& r : rows) {
    EXPECT_EQ(NameOn("br", r.carnival_monday), "Carnaval") << r.year;
    EXPECT_EQ(NameOn("br", r.carnival_monday + std::chrono::days{1}), "Carnaval") << r.year;
    EXPECT_EQ(NameOn("br", r.carnival_monday + std::chrono::days{2}), "") << r.year << " Ash Wednesday is worked";
    EXPECT_EQ(NameOn("br", r.good_friday), "Sexta-feira Santa") << r.year;
    EXPECT_EQ(NameOn("br", r.corpus_christi), "Corpus Christi") << r.year;
  }
}

TEST(ShippedHolidaySets, SaoPauloStateAndCityOverlays) {
  EXPECT_EQ(NameOn("br-sp", Day(2026, 7, 9)), "Revolução Constitucionalista de 1932");
  EXPECT_EQ(DatesOf("br-sp", 2026).size(), 14u);
  EXPECT_EQ(NameOn("br", Day(2026, 7, 9)), "");
  // The city: its anniversary; 20 November municipal until 2023, national after.
  EXPECT_EQ(NameOn("br-sp-sao-paulo", Day(2026, 1, 25)), "Aniversário da Cidade de São Paulo");
  EXPECT_EQ(NameOn("br-sp-sao-paulo", Day(2023, 11, 20)), "Dia da Consciência Negra (municipal)");
  EXPECT_EQ(NameOn("br-sp-sao-paulo", Day(2024, 11, 20)), "Dia Nacional de Zumbi e da Consciência Negra");
  EXPECT_EQ(NameOn("br-sp-sao-paulo", Day(2023, 7, 9)), "Revolução Constitucionalista de 1932");
  EXPECT_EQ(NameOn("br-sp-sao-paulo", Day(2023, 6, 8)), "Corpus Christi");
  EXPECT_EQ(DatesOf("br-sp-sao-paulo", 2023).size(), 15u);
  EXPECT_EQ(DatesOf("br-sp-sao-paulo", 2026).size(), 15u);
}

TEST(ShippedHolidaySets, SpainNational) {
  EXPECT_EQ(DatesOf("es", 2026),
            (std::vector<LocalDay>{Day(2026, 1, 1), Day(2026, 1, 6), Day(2026, 4, 3), Day(2026, 5, 1), Day(2026, 8, 15),
                                   Day(2026, 10, 12), Day(2026, 11, 1), Day(2026, 12, 6), Day(2026, 12, 8),
                                   Day(2026, 12, 25)}));
  EXPECT_EQ(NameOn("es", Day(2025, 4, 18)), "Viernes Santo");
  EXPECT_EQ(NameOn("es", Day(2025, 4, 17)), "");  // Jueves Santo is regional
}

TEST(ShippedHolidaySets, MexicoMondaysAndInaugurationDays) {
  EXPECT_EQ(DatesOf("mx", 2026),
            (std::vector<LocalDay>{Day(2026, 1, 1), Day(2026, 2, 2), Day(2026, 3, 16), Day(2026, 5, 1),
                                   Day(2026, 9, 16), Day(2026, 11, 16), Day(2026, 12, 25)}));
  EXPECT_EQ(DatesOf("mx", 2024),
            (std::vector<LocalDay>{Day(2024, 1, 1), Day(2024, 2, 5), Day(2024, 3, 18), Day(2024, 5, 1),
                                   Day(2024, 9, 16), Day(2024, 10, 1), Day(2024, 11, 18), Day(2024, 12, 25)}));
  EXPECT_EQ(DatesOf("mx", 2027),
            (std::vector<LocalDay>{Day(2027, 1, 1), Day(2027, 2, 1), Day(2027, 3, 15), Day(2027, 5, 1),
                                   Day(2027, 9, 16), Day(2027, 11, 15), Day(2027, 12, 25)}));
  EXPECT_EQ(NameOn("mx", Day(2018, 12, 1)), "Transmisión del Poder Ejecutivo Federal");
  EXPECT_EQ(NameOn("mx", Day(2018, 2, 5)), "Día de la Constitución");
  EXPECT_EQ(NameOn("mx", Day(2018, 3, 19)), "Natalicio de Benito Juárez");
  EXPECT_EQ(NameOn("mx", Day(2018, 11, 19)), "Día de la Revolución");
  EXPECT_EQ(NameOn("mx", Day(2030, 10, 1)), "Transmisión del Poder Ejecutivo Federal");
}

TEST(ShippedHolidaySets, ArgentinaMovableHolidaysAndDecrees) {
  EXPECT_EQ(DatesOf("ar", 2026),
            (std::vector<LocalDay>{Day(2026, 1, 1), Day(2026, 2, 16), Day(2026, 2, 17), Day(2026, 3, 24),
                                   Day(2026, 4, 2), Day(2026, 4, 3), Day(2026, 5, 1), Day(2026, 5, 25),
                                   Day(2026, 6, 15), Day(2026, 6, 20), Day(2026, 7, 9), Day(2026, 8, 17),
                                   Day(2026, 10, 12), Day(2026, 11, 23), Day(2026, 12, 8), Day(2026, 12, 25)}));
  EXPECT_EQ(
      DatesOf("ar", 2022),
      (std::vector<LocalDay>{Day(2022, 1, 1), Day(2022, 2, 28), Day(2022, 3, 1), Day(2022, 3, 24), Day(2022, 4, 2),
                             Day(2022, 4, 15), Day(2022, 5, 1), Day(2022, 5, 18), Day(2022, 5, 25), Day(2022, 6, 17),
                             Day(2022, 6, 20), Day(2022, 7, 9), Day(2022, 8, 15), Day(2022, 10, 10), Day(2022, 11, 20),
                             Day(2022, 12, 8), Day(2022, 12, 20), Day(2022, 12, 25)}));
  EXPECT_EQ(DatesOf("ar", 2023),
            (std::vector<LocalDay>{Day(2023, 1, 1), Day(2023, 2, 20), Day(2023, 2, 21), Day(2023, 3, 24),
                                   Day(2023, 4, 2), Day(2023, 4, 7), Day(2023, 5, 1), Day(2023, 5, 25),
                                   Day(2023, 6, 17), Day(2023, 6, 20), Day(2023, 7, 9), Day(2023, 8, 21),
                                   Day(2023, 10, 12), Day(2023, 11, 20), Day(2023, 12, 8), Day(2023, 12, 25)}));
  // 2025: Güemes Tuesday -> Monday 16 June; Soberanía Thursday -> Monday 24 November.
  EXPECT_EQ(NameOn("ar", Day(2025, 6, 16)), "Paso a la Inmortalidad del General Martín Miguel de Güemes");
  EXPECT_EQ(NameOn("ar", Day(2025, 11, 24)), "Día de la Soberanía Nacional");
  EXPECT_EQ(NameOn("ar", Day(2025, 11, 20)), "");
  // 2016: 20 November (a Sunday) moved by decree to Monday 28.
  EXPECT_EQ(NameOn("ar", Day(2016, 11, 28)), "Día de la Soberanía Nacional");
  EXPECT_EQ(NameOn("ar", Day(2016, 11, 20)), "");
  EXPECT_EQ(NameOn("ar", Day(2016, 8, 15)), "Paso a la Inmortalidad del General José de San Martín");
}

TEST(ShippedHolidaySets, ColombiaEmilianiMondays) {
  EXPECT_EQ(
      DatesOf("co", 2026),
      (std::vector<LocalDay>{Day(2026, 1, 1), Day(2026, 1, 12), Day(2026, 3, 23), Day(2026, 4, 2), Day(2026, 4, 3),
                             Day(2026, 5, 1), Day(2026, 5, 18), Day(2026, 6, 8), Day(2026, 6, 15), Day(2026, 6, 29),
                             Day(2026, 7, 20), Day(2026, 8, 7), Day(2026, 8, 17), Day(2026, 10, 12), Day(2026, 11, 2),
                             Day(2026, 11, 16), Day(2026, 12, 8), Day(2026, 12, 25)}));
  // 2025: San Pedro y San Pablo (Sunday 29 June) and Sagrado Corazón meet on Monday 30 June.
  EXPECT_EQ(
      DatesOf("co", 2025),
      (std::vector<LocalDay>{Day(2025, 1, 1), Day(2025, 1, 6), Day(2025, 3, 24), Day(2025, 4, 17), Day(2025, 4, 18),
                             Day(2025, 5, 1), Day(2025, 6, 2), Day(2025, 6, 23), Day(2025, 6, 30), Day(2025, 6, 30),
                             Day(2025, 7, 20), Day(2025, 8, 7), Day(2025, 8, 18), Day(2025, 10, 13), Day(2025, 11, 3),
                             Day(2025, 11, 17), Day(2025, 12, 8), Day(2025, 12, 25)}));
  // Every moved holiday lands on a Monday, every year.
  for (const auto& h : Resolved("co", 2015, 2035)) {
    if (h.name == "Jueves Santo" || h.name == "Viernes Santo" || h.name == "Año Nuevo" || h.name == "Navidad" ||
        h.name == "Día del Trabajo" || h.name == "Día de la Independencia" || h.name == "Batalla de Boyacá" ||
        h.name == "Inmaculada Concepción") {
      continue;
    }
    EXPECT_EQ(std::chrono::weekday{h.day}, std::chrono::Monday) << h.name;
  }
}

TEST(ShippedHolidaySets, ProductExampleOnTheShippedBrazilSet) {
  // PRODUCT.md §5 with the real data: Friday 13 Feb 2026 17:00 + 6 business days.
  const auto cal = testing::SaoPauloBusinessHours(Resolved("br", 2026, 2026));
  const auto due = AddBusinessTime(&cal, testing::At("2026-02-13T17:00:00-03:00"),
                                   std::chrono::minutes{6 * cal.business_day_minutes()});
  ASSERT_TRUE(due.has_value());
  EXPECT_EQ(*due, testing::At("2026-02-25T17:00:00-03:00"));
}

TEST(ShippedHolidaySets, ResolveFollowsExtendsAndRefusesUnknownIds) {
  EXPECT_EQ(Resolved("br-sp-sao-paulo", 2026, 2026).size(), 15u);
  const auto unknown = ResolveHolidaySet("xx", 2026, 2026);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(unknown.error().fields[0].field, "holiday_sets");
}

// ---- The file format

constexpr std::string_view kHeader = R"(id = "x"
name = "X"
version = "1"
region = "XX"
years = [2015, 2035]
)";

Result<HolidaySet> Parse(std::string_view body) {
  return ParseHolidaySet(std::string(kHeader) + std::string(body), "x.toml");
}

TEST(ParseHolidaySet, EveryRuleKind) {
  const auto s = Parse(R"(
[[holiday]]
name = "Fixed"
date = "02-29"
from = 2020
until = 2028
except = [2024]

[[holiday]]
name = "Easter"
easter = -48

[[holiday]]
name = "Last Monday"
nth = -1
weekday = "monday"
month = 5
move = "next_monday"

[[holiday]]
name = "Once"
on = "2030-10-01"

[[holiday]]
name = "Half"
date = "12-24"
hours = ["14:00-18:00", "08:30-12:00"]
move = "ar_trasladable"
)");
  ASSERT_TRUE(s.has_value()) << s.error().description;
  ASSERT_EQ(s->rules.size(), 5u);
  EXPECT_EQ(s->rules[0].kind, HolidayRule::Kind::kFixed);
  EXPECT_EQ(s->rules[0].month, 2u);
  EXPECT_EQ(s->rules[0].day, 29u);
  EXPECT_EQ(s->rules[0].from_year, 2020);
  EXPECT_EQ(s->rules[0].until_year, 2028);
  EXPECT_EQ(s->rules[0].except_years, std::vector<int>{2024});
  EXPECT_EQ(s->rules[1].easter_offset, -48);
  EXPECT_EQ(s->rules[2].kind, HolidayRule::Kind::kNthWeekday);
  EXPECT_EQ(s->rules[2].nth, -1);
  EXPECT_EQ(s->rules[2].weekday, 1u);
  EXPECT_EQ(s->rules[2].move, HolidayRule::Move::kNextMonday);
  EXPECT_EQ(s->rules[3].date, Day(2030, 10, 1));
  EXPECT_EQ(s->rules[4].hours, (std::vector<DayInterval>{{510, 720}, {840, 1080}}));
  EXPECT_EQ(s->rules[4].move, HolidayRule::Move::kArgentina);
  EXPECT_FALSE(s->extends.has_value());
}

void ExpectError(std::string_view body, std::string_view fragment) {
  const auto s = Parse(body);
  ASSERT_FALSE(s.has_value()) << body;
  EXPECT_EQ(s.error().code, ErrorCode::kInvalid);
  EXPECT_NE(s.error().description.find(fragment), std::string::npos) << s.error().description;
}

TEST(ParseHolidaySet, ErrorsNameTheFileLineAndProblem) {
  ExpectError("[[holiday]]\nname = \"A\"\ndat = \"01-01\"\n", "x.toml:8: holiday #1: unknown key 'dat'");
  ExpectError("[[holiday]]\nname = \"A\"\n", "holiday 'A': give exactly one of 'date'");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = \"01-01\"\neaster = 1\n", "give exactly one of");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = \"02-30\"\n", "x.toml:8: holiday 'A': 'date' must be a month and day");
  ExpectError("[[holiday]]\nname = \"A\"\nnth = 1\nweekday = \"mon\"\nmonth = 2\n", "'weekday' must be one of");
  ExpectError("[[holiday]]\nname = \"A\"\nnth = 6\nweekday = \"monday\"\nmonth = 2\n", "'nth' must be 1 to 5");
  ExpectError("[[holiday]]\nname = \"A\"\nnth = 1\nweekday = \"monday\"\n", "'nth' needs 'month'");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = \"01-01\"\nmonth = 2\n", "'weekday' and 'month' go with 'nth'");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = \"01-01\"\nmove = \"monday\"\n", "'move' must be");
  ExpectError("[[holiday]]\nname = \"A\"\non = \"2026-01-01\"\nfrom = 2020\n", "takes no 'move', 'from'");
  ExpectError("[[holiday]]\nname = \"A\"\non = \"2026-13-01\"\n", "'on' must be a date");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = \"01-01\"\nfrom = 2030\nuntil = 2020\n", "'until' is before 'from'");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = \"01-01\"\nhours = [\"12:00-08:00\"]\n", "'hours' must be");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = \"01-01\"\nhours = [\"08:00-12:00\", \"11:00-13:00\"]\n",
              "'hours' overlap");
  ExpectError("[[holiday]]\ndate = \"01-01\"\n", "holiday #1: missing 'name'");
  ExpectError("", "no [[holiday]] tables");
  ExpectError("[[holiday]]\nname = \"A\"\ndate = 01-01\n", "x.toml:8:");  // not TOML
}

TEST(ParseHolidaySet, HeaderErrors) {
  auto s = ParseHolidaySet(
      "id = \"x\"\nname = \"X\"\nversion = \"1\"\nregion = \"XX\"\n[[holiday]]\nname = \"A\"\n"
      "date = \"01-01\"\n",
      "x.toml");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().description.find("missing 'years'"), std::string::npos) << s.error().description;
  s = ParseHolidaySet("id = \"X Y\"\nname = \"X\"\nversion = \"1\"\nregion = \"XX\"\nyears = [2015, 2035]\n", "x.toml");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().description.find("x.toml:1: 'id' must be lowercase"), std::string::npos) << s.error().description;
  s = ParseHolidaySet("id = \"x\"\nname = \"X\"\nversion = \"1\"\nregion = \"XX\"\nyears = [2035, 2015]\n", "x.toml");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().description.find("'years' must be [first, last]"), std::string::npos);
  s = ParseHolidaySet("id = \"x\"\nname = \"X\"\nregion = \"XX\"\nyears = [2015, 2035]\n", "x.toml");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().description.find("x.toml: missing 'version'"), std::string::npos) << s.error().description;
}

}  // namespace
}  // namespace chamado::config
